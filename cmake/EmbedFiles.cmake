# teetidy_embed_files(TARGET <name> NAMESPACE <ns> BASE <dir> FILES <f>...)
# Generates a C++ source that maps each file's path (relative to BASE) to its
# bytes, so queries and models ship inside the binary. The generated file is
# rebuilt whenever an embedded file changes.
function(teetidy_embed_files)
  cmake_parse_arguments(ARG "" "TARGET;BASE" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_embedded.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DBASE=${ARG_BASE}
            "-DFILES=${ARG_FILES}" -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    COMMENT "Embedding ${ARG_TARGET} data files"
    VERBATIM)
  add_library(${ARG_TARGET} STATIC ${out})
  target_include_directories(${ARG_TARGET} PUBLIC ${PROJECT_SOURCE_DIR}/lib)
endfunction()
