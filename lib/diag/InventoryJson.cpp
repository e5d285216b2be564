#include "diag/InventoryJson.h"

namespace teetidy {

namespace {

void at(llvm::json::OStream &J, const SourceLocation &L) {
  if (!L.valid())
    return;
  J.attribute("file", L.File->path());
  J.attribute("line", L.line());
  J.attribute("column", L.column());
}

void optional(llvm::json::OStream &J, llvm::StringRef Key, const std::string &V) {
  if (!V.empty())
    J.attribute(Key, V);
}

} // namespace

void writeInventories(llvm::json::OStream &J, const Inventories &I) {
  J.object([&] {
    J.attributeArray("contracts", [&] {
      for (const ContractAddress &A : I.Contracts)
        J.object([&] {
          J.attribute("address", A.Address);
          optional(J, "name", A.Name);
          J.attribute("pinning", A.Pinning);
          optional(J, "recognised", A.Recognised);
          if (!A.Markers.empty())
            J.attributeArray("markers", [&] {
              for (const std::string &M : A.Markers)
                J.value(M);
            });
          J.attributeArray("calls", [&] {
            for (const std::string &C : A.Calls)
              J.value(C);
          });
          J.attributeArray("endpoints", [&] {
            for (const std::string &E : A.Endpoints)
              J.value(E);
          });
          at(J, A.Loc);
        });
    });
    J.attributeArray("configurableContracts", [&] {
      for (const ConfigurableContract &C : I.ConfigurableContracts)
        J.object([&] {
          J.attribute("variable", C.Variable);
          J.attribute("source", C.Source);
          J.attribute("sink", C.Sink);
          optional(J, "composeFile", C.ComposePath);
          optional(J, "service", C.Service);
          J.attribute("verdict", C.Verdict);
          J.attribute("verdictText", C.VerdictText);
          J.attributeArray("endpoints", [&] {
            for (const std::string &E : C.Endpoints)
              J.value(E);
          });
          at(J, C.SinkLoc);
        });
    });
    J.attributeObject("deployments", [&] {
      J.attributeArray("documents", [&] {
        for (const std::string &D : I.DeploymentsDocs)
          J.value(D);
      });
      J.attributeArray("documented", [&] {
        for (const DocumentedDeployment &E : I.Documented)
          J.object([&] {
            J.attribute("document", E.Document);
            optional(J, "label", E.Name);
            optional(J, "appId", E.AppId);
            optional(J, "composeHash", E.ComposeHash);
            J.attributeArray("digests", [&] {
              for (const std::string &D : E.Digests)
                J.value(D);
            });
            at(J, E.Loc);
          });
      });
      J.attributeArray("computed", [&] {
        for (const DeploymentComparison &C : I.Deployments)
          J.object([&] {
            J.attribute("manifest", C.Manifest);
            optional(J, "document", C.Document);
            optional(J, "composeHash", C.ComposeHash);
            optional(J, "appId", C.AppId);
            J.attribute("status", C.Status);
            J.attributeArray("digests", [&] {
              for (const auto &[D, S] : C.Digests)
                J.object([&] {
                  J.attribute("digest", D);
                  J.attribute("status", S);
                });
            });
          });
      });
    });
    J.attributeObject("storage", [&] {
      J.attributeArray("mounts", [&] {
        for (const MountRecord &M : I.Mounts)
          J.object([&] {
            J.attribute("composeFile", M.ComposePath);
            J.attribute("service", M.Service);
            J.attribute("type", M.Type);
            optional(J, "source", M.Source);
            J.attribute("target", M.Target);
            J.attribute("readOnly", M.ReadOnly);
            J.attribute("backing", M.Backing);
            J.attribute("because", M.Because);
            at(J, M.Loc);
          });
      });
      J.attributeArray("stores", [&] {
        for (const StoreRecord &S : I.Stores)
          J.object([&] {
            J.attribute("store", S.Store);
            J.attribute("sink", S.Sink);
            J.attribute("variable", S.Variable);
            optional(J, "composeFile", S.ComposePath);
            optional(J, "service", S.Service);
            J.attribute("verdict", S.Verdict);
            J.attribute("verdictText", S.VerdictText);
            at(J, S.SinkLoc);
          });
      });
      J.attributeArray("writes", [&] {
        for (const DataWriteRecord &W : I.Writes)
          J.object([&] {
            J.attribute("store", W.Store);
            J.attribute("what", W.What);
            J.attribute("source", W.Source);
            J.attributeObject("sourceLocation", [&] { at(J, W.SourceLoc); });
            J.attribute("sink", W.Sink);
            optional(J, "target", W.Target);
            optional(J, "mount", W.Mount);
            optional(J, "mountBacking", W.MountBacking);
            at(J, W.SinkLoc);
          });
      });
    });
  });
}

} // namespace teetidy
