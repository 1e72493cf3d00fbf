# Writes the source file that tells `udplab --version` which git revision it was built from
# (tools/udplab/source_revision.cpp.in). It runs at every build, and configure_file leaves the
# output untouched while the revision is unchanged, so a build of an unchanged checkout compiles and
# links nothing again. Outside a git checkout of this source tree (a release tarball, even one
# unpacked inside some other repository) the revision is empty.
#
# cmake -DSOURCE_DIR=... -DGIT=git-or-empty -DTEMPLATE=...cpp.in -DOUTPUT=...cpp -P write_source_revision.cmake
set(UDPLAB_SOURCE_REVISION "")
if(GIT)
  execute_process(COMMAND ${GIT} -C ${SOURCE_DIR} rev-parse --show-toplevel
    OUTPUT_VARIABLE toplevel OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
  if(NOT failed)
    file(REAL_PATH "${toplevel}" toplevel)
    file(REAL_PATH "${SOURCE_DIR}" source_dir)
  endif()
  if(NOT failed AND toplevel STREQUAL source_dir)
    execute_process(COMMAND ${GIT} -C ${SOURCE_DIR} rev-parse --short=12 HEAD
      OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
    # Tracked files changed since that commit: the build is not that revision.
    execute_process(COMMAND ${GIT} -C ${SOURCE_DIR} status --porcelain --untracked-files=no
      OUTPUT_VARIABLE changes ERROR_QUIET RESULT_VARIABLE status_failed)
    if(NOT failed)
      set(UDPLAB_SOURCE_REVISION ${revision})
      if(NOT status_failed AND NOT changes STREQUAL "")
        string(APPEND UDPLAB_SOURCE_REVISION "-dirty")
      endif()
    endif()
  endif()
endif()
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
