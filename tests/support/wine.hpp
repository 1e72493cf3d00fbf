// Whether a test runs under Wine rather than on Windows: some Windows behaviours Wine does not
// reproduce (see docs/building.md). A test that differs under Wine for a Wine reason says so and
// skips the assertion there, never on Windows or elsewhere.
#pragma once

namespace udplab::test {

bool running_under_wine();

}  // namespace udplab::test
