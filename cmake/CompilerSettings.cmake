# Warnings for the project's own code (not for generated grammar code).
add_library(teetidy_warnings INTERFACE)
target_compile_options(teetidy_warnings INTERFACE
  -Wall -Wextra -Wpedantic $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local> -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough
  -Werror=return-type)
option(TEETIDY_WERROR "Treat warnings in project code as errors" ON)
if(TEETIDY_WERROR)
  target_compile_options(teetidy_warnings INTERFACE -Werror)
endif()

