# System dependencies, all from Debian packages (see scripts/setup.sh).

find_package(LLVM 14 REQUIRED CONFIG HINTS /usr/lib/llvm-14/lib/cmake/llvm)
message(STATUS "LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

# Debian's ClangConfig.cmake insists that every clang tool is installed, so the
# single shared libclang-cpp is located directly instead.
find_library(CLANG_CPP_LIBRARY NAMES clang-cpp clang-cpp14
  HINTS ${LLVM_LIBRARY_DIRS} REQUIRED NO_DEFAULT_PATH)
find_path(CLANG_INCLUDE_DIR clang/Tooling/DiagnosticsYaml.h
  HINTS ${LLVM_INCLUDE_DIRS} REQUIRED NO_DEFAULT_PATH)

add_library(teetidy_llvm INTERFACE)
target_include_directories(teetidy_llvm SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIR})
target_compile_definitions(teetidy_llvm INTERFACE ${LLVM_DEFINITIONS})
target_link_libraries(teetidy_llvm INTERFACE ${CLANG_CPP_LIBRARY} LLVM)

find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)

find_path(TREE_SITTER_INCLUDE_DIR tree_sitter/api.h REQUIRED)
find_library(TREE_SITTER_LIBRARY NAMES libtree-sitter.a tree-sitter REQUIRED)
add_library(teetidy_tree_sitter INTERFACE)
target_include_directories(teetidy_tree_sitter SYSTEM INTERFACE ${TREE_SITTER_INCLUDE_DIR})
target_link_libraries(teetidy_tree_sitter INTERFACE ${TREE_SITTER_LIBRARY})

find_package(Threads REQUIRED)

if(TEETIDY_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

find_program(NPM_EXECUTABLE npm REQUIRED)

# teetidy_npm_ci(<source-dir> <install-dir> <what>): installs the packages
# that <source-dir>/package-lock.json pins into <install-dir> with
# `npm ci --ignore-scripts` at configure time, again only when the lock file
# changes. Nothing is fetched at build or run time.
function(teetidy_npm_ci src dest what)
  set(lock ${src}/package-lock.json)
  set(stamp ${dest}/.installed-lock)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${lock} ${src}/package.json)
  file(SHA256 ${lock} lock_hash)
  set(installed_hash "")
  if(EXISTS ${stamp})
    file(READ ${stamp} installed_hash)
  endif()
  if(installed_hash STREQUAL lock_hash)
    return()
  endif()
  file(MAKE_DIRECTORY ${dest})
  foreach(f package.json package-lock.json .npmrc)
    if(EXISTS ${src}/${f})
      file(COPY_FILE ${src}/${f} ${dest}/${f})
    endif()
  endforeach()
  message(STATUS "Installing ${what} (npm ci)")
  execute_process(
    COMMAND ${NPM_EXECUTABLE} ci --ignore-scripts --no-audit --no-fund
    WORKING_DIRECTORY ${dest}
    RESULT_VARIABLE npm_result OUTPUT_VARIABLE npm_out ERROR_VARIABLE npm_out)
  if(NOT npm_result EQUAL 0)
    message(FATAL_ERROR "npm ci failed in ${dest}:\n${npm_out}")
  endif()
  file(WRITE ${stamp} ${lock_hash})
endfunction()
