// The one Boost.Test main of each test executable. Builds without a compiled Boost.Test library
// (MinGW, libc++) take the framework from its headers here, once per executable.
#define BOOST_TEST_MODULE udplab
#if defined(UDPLAB_BOOST_TEST_HEADER_ONLY)
#include <boost/test/included/unit_test.hpp>
#else
#include <boost/test/unit_test.hpp>
#endif
