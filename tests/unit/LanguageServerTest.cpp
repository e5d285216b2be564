// Pieces of the language server that the protocol tests (tests/lsp/) reach
// only in their common forms.

#include "tools/tee-tidy/LanguageServer.h"

#include <gtest/gtest.h>

using namespace teetidy;

namespace {

TEST(LanguageServer, FileUrisRoundTrip) {
  EXPECT_EQ(uriFromPath("/src/app/main.py"), "file:///src/app/main.py");
  EXPECT_EQ(uriFromPath("/my app/100%/é.py"), "file:///my%20app/100%25/%C3%A9.py");
  EXPECT_EQ(pathFromUri("file:///my%20app/100%25/%C3%A9.py"), "/my app/100%/é.py");
  EXPECT_EQ(pathFromUri("file://localhost/etc/x.yml"), "/etc/x.yml");
  EXPECT_EQ(pathFromUri("file:///a/./b/../c.py"), "/a/c.py");
  EXPECT_EQ(pathFromUri("file:///a/%zz"), "/a/%zz") << "a bad escape is kept";
  EXPECT_EQ(pathFromUri("untitled:Untitled-1"), "");
  EXPECT_EQ(pathFromUri("file://otherhost/x.py"), "") << "only local files are served";
}

} // namespace
