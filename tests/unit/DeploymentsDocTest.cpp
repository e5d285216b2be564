#include "deploy/DeploymentsDoc.h"

#include <gtest/gtest.h>

using namespace teetidy;
using namespace teetidy::deploy;

namespace {

const std::string H1(64, 'a'), H2(64, 'b'), D1(64, 'c'), D2(64, 'd');
const std::string A1(40, '1'), A2(40, '2');

DeploymentsDoc parse(const SourceFile &F) { return parseDeploymentsDoc(F); }

TEST(DeploymentsDoc, TableRowsByHeader) {
  SourceFile F("DEPLOYMENTS.md",
               "# Deployments\n\n"
               "| Name | App ID | Compose Hash | Image |\n"
               "|:---|---|---|---|\n"
               "| **prod** | `0x" +
                   A1 + "` | `" + H1 + "` | `a@sha256:" + D1 +
                   "` |\n"
                   "| staging | " +
                   A2 + " | " + H2 +
                   " | |\n"
                   "| notes | see below | | |\n",
               Language::Text);
  DeploymentsDoc D = parse(F);
  ASSERT_EQ(D.Entries.size(), 2u);
  EXPECT_EQ(D.Entries[0].Label, "prod");
  EXPECT_EQ(D.Entries[0].AppId, A1);
  EXPECT_EQ(D.Entries[0].ComposeHash, H1);
  EXPECT_EQ(D.Entries[0].Digests, std::vector<std::string>{"sha256:" + D1});
  EXPECT_EQ(D.Entries[0].Loc.line(), 5u);
  EXPECT_EQ(D.Entries[1].AppId, A2);
  EXPECT_EQ(D.Entries[1].ComposeHash, H2);
  EXPECT_TRUE(D.documentsHash(H2));
  EXPECT_FALSE(D.documentsHash(std::string(64, 'e')));
  EXPECT_TRUE(D.documentsDigest("sha256:" + D1));
}

TEST(DeploymentsDoc, KeyValueGroupsUnderHeadings) {
  SourceFile F("DEPLOYMENTS.md",
               "# Deployments\n\n## Production\n\n"
               "- **App ID**: `0x" +
                   A1 +
                   "`\n"
                   "- Compose hash: " +
                   H1 +
                   "\n"
                   "- image: ghcr.io/x@sha256:" +
                   D1 +
                   "\n\n"
                   "## Preview\n\n"
                   "app_id: " +
                   A2 +
                   "\n"
                   "compose_hash: " +
                   H2 +
                   "\n"
                   "compose_hash: " +
                   std::string(64, 'f') + "\n",
               Language::Text);
  DeploymentsDoc D = parse(F);
  ASSERT_EQ(D.Entries.size(), 3u);
  EXPECT_EQ(D.Entries[0].Label, "Production");
  EXPECT_EQ(D.Entries[0].AppId, A1);
  EXPECT_EQ(D.Entries[0].ComposeHash, H1);
  EXPECT_EQ(D.Entries[0].Digests, std::vector<std::string>{"sha256:" + D1});
  EXPECT_EQ(D.Entries[1].Label, "Preview");
  EXPECT_EQ(D.Entries[1].ComposeHash, H2);
  // A key met again starts the next deployment of the group.
  EXPECT_EQ(D.Entries[2].ComposeHash, std::string(64, 'f'));
  EXPECT_TRUE(D.Entries[2].AppId.empty());
}

TEST(DeploymentsDoc, ValuesMustBeWholeHex) {
  SourceFile F("DEPLOYMENTS.md",
               "- Compose hash: " + H1 +
                   "0\n" // 65 digits
                   "- Compose hash: " +
                   H1.substr(0, 20) +
                   "…\n" // shortened
                   "- App ID: 0x" +
                   A1 +
                   "ff\n" // 42 digits
                   "Digest: sha256:" +
                   D2 + "x\n", // run on into letters
               Language::Text);
  DeploymentsDoc D = parse(F);
  EXPECT_TRUE(D.Entries.empty());
  EXPECT_TRUE(D.AllDigests.empty());
}

TEST(DeploymentsDoc, DigestsAnywhereCountAndUpperCaseIsRead) {
  std::string Upper = H1;
  for (char &C : Upper)
    C = 'A';
  SourceFile F("DEPLOYMENTS.md",
               "We ship `img@sha256:" + D2 + "`.\n\n```yaml\nimage: x@sha256:" + D1 +
                   "\n```\n- Compose hash: " + Upper + "\n",
               Language::Text);
  DeploymentsDoc D = parse(F);
  EXPECT_TRUE(D.documentsDigest("sha256:" + D1));
  EXPECT_TRUE(D.documentsDigest("sha256:" + D2));
  ASSERT_EQ(D.Entries.size(), 1u);
  EXPECT_EQ(D.Entries[0].ComposeHash, std::string(64, 'a'));
}

TEST(DeploymentsDoc, ImageDigest) {
  EXPECT_EQ(imageDigest("ghcr.io/a/b:1@sha256:" + D1), "sha256:" + D1);
  EXPECT_EQ(imageDigest("ghcr.io/a/b:1"), "");
  EXPECT_EQ(imageDigest("a@sha256:abc"), "");
}

} // namespace
