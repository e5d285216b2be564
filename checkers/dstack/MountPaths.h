//===- MountPaths.h - CVM paths of bind mounts ---------------------*- C++ -*-===//
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace teetidy::dstack {

/// An absolute path without repeated separators, `.` and `..` components or
/// a trailing separator (`//etc/.` becomes `/etc`).
std::string normalise(std::string_view Path);

/// The CVM path a bind source names, with interpolated references replaced
/// by their defaults and relative sources resolved against /dstack (the
/// project directory in the CVM); nullopt when a reference has no default or
/// the source is relative to the home directory. \p Via names the first
/// reference used.
std::optional<std::string> hostPath(const std::string &Source, std::string &Via);

/// Whether \p Path is \p Dir or lies below it (both normalised).
bool isAtOrBelow(std::string_view Path, std::string_view Dir);

/// Whether a container path a mount targets (\p MountTarget) holds the
/// absolute path \p Path a program writes; false for a relative path.
bool holdsPath(std::string_view MountTarget, std::string_view Path);

} // namespace teetidy::dstack
