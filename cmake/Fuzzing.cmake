# TEETIDY_FUZZ: the project's C++ is built for libFuzzer, with
# AddressSanitizer and UndefinedBehaviorSanitizer. libFuzzer needs Clang's
# coverage instrumentation, so this configuration needs Clang (Debian's
# clang-14 with libclang-rt-14-dev); scripts/fuzz.sh sets it up.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "TEETIDY_FUZZ needs Clang (configure with CMAKE_CXX_COMPILER=clang++-14)")
endif()
set(TEETIDY_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=all)
# The grammars' generated C stays uninstrumented: coverage of the project's
# code steers the fuzzer, and the tables only slow it down.
add_compile_options(
  "$<$<COMPILE_LANGUAGE:CXX>:-fsanitize=fuzzer-no-link;${TEETIDY_SANITIZERS};-fno-omit-frame-pointer>")
add_link_options(${TEETIDY_SANITIZERS})
