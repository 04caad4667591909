# Project-wide compile options and the one way a module is declared.
add_library(bh_options INTERFACE)
target_compile_options(bh_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                            -Wold-style-cast -Wcast-align -Woverloaded-virtual)
# GCC 12 at -O2 reports Asio's coroutine frame operator delete as mismatched with its operator new
# (a known false positive for coroutine frames with custom allocation).
target_compile_options(bh_options INTERFACE -Wno-mismatched-new-delete)
if(BH_WERROR)
  target_compile_options(bh_options INTERFACE -Werror)
endif()
# Asio: no deprecated APIs, and io_uring stays off (epoll is what the containers we run on allow).
target_compile_definitions(bh_options INTERFACE BOOST_ASIO_NO_DEPRECATED)
if(BH_SANITIZE)
  target_compile_options(bh_options INTERFACE -fsanitize=${BH_SANITIZE} -fno-omit-frame-pointer
                                              -fno-sanitize-recover=all)
  target_link_options(bh_options INTERFACE -fsanitize=${BH_SANITIZE})
  if(BH_SANITIZE MATCHES "thread")
    # Asio's atomic_thread_fence draws -Wtsan from g++ 12: a known false alarm, not a race.
    target_compile_options(bh_options INTERFACE -Wno-error=tsan)
  endif()
endif()

# bh_module(NAME <module> [DEPS <targets>...])
# Declares library bh_<module> from src/<module>/*.cpp and, when tests are on, two GoogleTest
# binaries next to it:
#   bh_<module>_test  from *_test.cpp   ctest label "unit": no servers needed
#   bh_<module>_itest from *_itest.cpp  ctest label "integration": needs the stack (.run/endpoints.env)
# Tests sit next to the code they test.
function(bh_module)
  cmake_parse_arguments(M "" "NAME" "DEPS" ${ARGN})
  file(GLOB_RECURSE all_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(lib_sources ${all_sources})
  list(FILTER lib_sources EXCLUDE REGEX "_i?test\\.cpp$")
  set(test_sources ${all_sources})
  list(FILTER test_sources INCLUDE REGEX "_test\\.cpp$")
  set(itest_sources ${all_sources})
  list(FILTER itest_sources INCLUDE REGEX "_itest\\.cpp$")
  add_library(bh_${M_NAME} STATIC ${lib_sources})
  target_include_directories(bh_${M_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(bh_${M_NAME} PUBLIC bh_options ${M_DEPS})
  if(BH_BUILD_TESTS AND test_sources)
    add_executable(bh_${M_NAME}_test ${test_sources})
    target_link_libraries(bh_${M_NAME}_test PRIVATE bh_${M_NAME} GTest::gtest_main GTest::gmock)
    gtest_discover_tests(bh_${M_NAME}_test PROPERTIES LABELS unit DISCOVERY_TIMEOUT 30)
  endif()
  if(BH_BUILD_TESTS AND itest_sources)
    add_executable(bh_${M_NAME}_itest ${itest_sources})
    target_link_libraries(bh_${M_NAME}_itest PRIVATE bh_${M_NAME} bh_test_support GTest::gtest_main GTest::gmock)
    gtest_discover_tests(bh_${M_NAME}_itest PROPERTIES LABELS integration TIMEOUT 300 DISCOVERY_TIMEOUT 30)
  endif()
endfunction()

include(${CMAKE_CURRENT_LIST_DIR}/Migrations.cmake)
