//===- GoLowering.h - Go syntax tree to ir::Module --------------*- C++ -*-===//
#pragma once

#include "frontend/Lowering.h"
#include "ir/IR.h"

#include <tree_sitter/api.h>

#include <optional>
#include <string>
#include <string_view>

namespace teetidy::frontend {

/// Lowers the tree-sitter-go tree \p Root of \p Source, one file of a
/// package. Never fails: ERROR nodes are lowered as far as they have
/// recognisable children.
///
/// How Go maps onto the IR:
///  - `import "net/http"` binds the package's name (`http`, or the alias)
///    to the module "net/http"; `import . "p"` imports all its names.
///  - A named struct type is a class whose body declares its fields (the
///    annotation is the type and the tag), with a constructor `<init>` that
///    takes the fields, so that a composite literal `T{F: v}` is a call of
///    the class with keyword arguments. Embedded fields are bases. Methods
///    are methods of the class of their receiver's type (a class of that
///    name is made when the type is declared in another file, marked
///    DeclaredElsewhere). A struct whose fields carry `env:"NAME"` or
///    `envconfig:"NAME"` tags gets the base `struct-tags.env` or
///    `struct-tags.envconfig` and its fields the values
///    `struct-tags.field(default, alias="NAME")` from the tags, for the
///    settings models; `var c T` is an instance of T.
///  - `if v == "" { v = d }` (no else) assigns `v || d`, d being v's
///    fallback.
///  - Functions and methods take their receiver as the first parameter;
///    `return a, b` returns a tuple, which `x, err := f()` takes apart;
///    a bare return returns the named results. `init` functions are called
///    from the module body.
///  - `ch <- v` flows v into ch, `<-ch` reads it; `&x`, `*p`, `x.(T)`,
///    conversions and slicing pass their operand through.
ir::Module lowerGo(std::string_view Path, std::string_view Source, TSNode Root,
                   const LoweringOptions &Opts = {});

/// The value of a Go string literal node (interpreted or raw), escapes
/// decoded.
std::string goStringValue(TSNode String, std::string_view Source);

/// The value of \p Key in the struct tag \p Tag (its text without quotes:
/// `env:"RPC_URL" envDefault:"x"`), read as Go's reflect.StructTag.Lookup
/// does; nullopt when the key is absent or the tag is malformed before it.
std::optional<std::string> goTagValue(std::string_view Tag, std::string_view Key);

/// The name an import of \p ImportPath binds when it has no alias: its last
/// element without a major-version suffix (`.../v9`), `go-` or `-go`
/// affixes, a `.go` suffix, or a `.vN` gopkg.in suffix.
std::string goPackageName(std::string_view ImportPath);

} // namespace teetidy::frontend
