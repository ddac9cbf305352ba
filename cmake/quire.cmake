# quire_library(NAME SOURCES... DEPS ...): one static library per folder of src/.
# Its *_test.cc files become one GoogleTest program, quire_NAME_test.
function(quire_library name)
  cmake_parse_arguments(Q "" "" "SOURCES;DEPS;TESTS;TEST_DEPS" ${ARGN})
  add_library(quire_${name} STATIC ${Q_SOURCES})
  target_include_directories(quire_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(quire_${name} PUBLIC ${Q_DEPS})
  if(QUIRE_BUILD_TESTS AND Q_TESTS)
    add_executable(quire_${name}_test ${Q_TESTS})
    target_link_libraries(quire_${name}_test PRIVATE quire_${name} ${Q_TEST_DEPS} GTest::gtest_main GTest::gmock)
    gtest_discover_tests(quire_${name}_test DISCOVERY_TIMEOUT 30
                         PROPERTIES LABELS unit)
  endif()
endfunction()
