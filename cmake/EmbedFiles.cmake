# teetidy_embed_files(TARGET <name> BASE <dir> [FUNCTION <fn>] FILES <f>...)
# Generates a C++ source whose function <fn> (declared in syntax/EmbeddedFiles.h;
# default embeddedDataFiles) maps each file's path (relative to BASE) to its
# bytes, so queries, models and check pages ship inside the binary. The
# generated file is rebuilt whenever an embedded file changes.
function(teetidy_embed_files)
  cmake_parse_arguments(ARG "" "TARGET;BASE;FUNCTION" "FILES" ${ARGN})
  if(NOT ARG_FUNCTION)
    set(ARG_FUNCTION embeddedDataFiles)
  endif()
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_embedded.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DBASE=${ARG_BASE} -DFUNCTION=${ARG_FUNCTION}
            "-DFILES=${ARG_FILES}" -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    COMMENT "Embedding ${ARG_TARGET} data files"
    VERBATIM)
  add_library(${ARG_TARGET} STATIC ${out})
  target_include_directories(${ARG_TARGET} PUBLIC ${PROJECT_SOURCE_DIR}/lib)
endfunction()
