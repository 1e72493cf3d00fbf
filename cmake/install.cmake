# What `cmake --install` puts where (GNUInstallDirs; docs/building.md, "Installing"):
#   bin/                      udplab, udplab-control (udplab runs its sibling from its own directory)
#   share/udplab/scenarios/   the shipped scenarios: `udplab sim NAME` finds them from bin/
#   share/udplab/proto/       the .proto files of the scenario, report and control messages
#   share/doc/udplab/         README.md and docs/
#   include/udplab/           the libraries' headers (net/, echo/, netsim/, ...; udplab/v1/*.pb.h)
#   lib/                      the static libraries, libudplab_*.a
#   lib/cmake/udplab/         the CMake package: find_package(udplab), udplab::netsim, udplab::engines, ...
# Components: `runtime` (programs, scenarios, documentation) and `development` (headers,
# libraries, the package), so that a package can ship them apart.

set(UDPLAB_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/udplab)
set(UDPLAB_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/udplab)

# Programs.
install(TARGETS udplab RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
if(TARGET udplab-control)
  install(TARGETS udplab-control RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/ DESTINATION ${UDPLAB_INSTALL_DATADIR}/scenarios
  COMPONENT runtime FILES_MATCHING PATTERN "*.textproto")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/proto/udplab DESTINATION ${UDPLAB_INSTALL_DATADIR}/proto
  COMPONENT runtime FILES_MATCHING PATTERN "*.proto")
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)

# The engines a program embeds, in one target: each has its codec and state machine, and runs on
# any transport::Runtime (netsim's, or lib/live's).
add_library(udplab_engines INTERFACE)
target_link_libraries(udplab_engines INTERFACE udplab_echo udplab_request udplab_discovery udplab_broadcast
  udplab_chat udplab_tftp_engine udplab_subnet)

# Libraries: every udplab_library(), exported as udplab::NAME without the prefix (udplab_netsim
# becomes udplab::netsim), with what they link.
get_property(udplab_exported GLOBAL PROPERTY UDPLAB_LIBRARIES)
list(APPEND udplab_exported udplab_proto udplab_engines)
if(TARGET udplab_grpc)
  list(APPEND udplab_exported udplab_grpc)
endif()
foreach(library ${udplab_exported})
  string(REGEX REPLACE "^udplab_" "" short ${library})
  set_target_properties(${library} PROPERTIES EXPORT_NAME ${short})
endforeach()
# The project-wide settings every library links (C++23, definitions; not the warnings).
set_target_properties(udplab_options PROPERTIES EXPORT_NAME compile_settings)
install(TARGETS ${udplab_exported} udplab_options EXPORT udplab_targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/udplab)
install(EXPORT udplab_targets NAMESPACE udplab:: FILE udplabTargets.cmake
  DESTINATION ${UDPLAB_INSTALL_CMAKEDIR} COMPONENT development)

# Headers, at the paths the sources include them by ("netsim/simulator.hpp", "echo/echo_ping.hpp",
# "udplab/v1/scenario.pb.h"). lib/control's need gRPC: only in builds that have it.
set(udplab_skip_headers "")
if(NOT UDPLAB_WITH_GRPC)
  set(udplab_skip_headers PATTERN control EXCLUDE)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/udplab COMPONENT development
  FILES_MATCHING PATTERN "*.hpp" ${udplab_skip_headers})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/netsim DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/udplab COMPONENT development
  FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY ${PROJECT_BINARY_DIR}/proto/udplab DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/udplab
  COMPONENT development FILES_MATCHING PATTERN "*.pb.h")

include(CMakePackageConfigHelpers)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/udplabConfig.cmake.in
  ${PROJECT_BINARY_DIR}/udplabConfig.cmake INSTALL_DESTINATION ${UDPLAB_INSTALL_CMAKEDIR})
# 0.x: a new minor version may change the libraries' interfaces.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/udplabConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/udplabConfig.cmake ${PROJECT_BINARY_DIR}/udplabConfigVersion.cmake
  DESTINATION ${UDPLAB_INSTALL_CMAKEDIR} COMPONENT development)
