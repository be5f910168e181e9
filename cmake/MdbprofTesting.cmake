# mdbprof_add_gtest(NAME <name> SOURCES <files...> LIBS <targets...>
#                   [LABELS <labels...>] [TIMEOUT <s>])
# Builds a GoogleTest executable and registers it with CTest as one test per
# executable (labels default to "unit").
function(mdbprof_add_gtest)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT MDBPROF_BUILD_TESTS)
    return()
  endif()
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} GTest::gtest
                                            GTest::gtest_main)
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}"
                                              TIMEOUT ${ARG_TIMEOUT})
endfunction()
