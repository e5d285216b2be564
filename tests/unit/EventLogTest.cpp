#include "deploy/EventLog.h"

#include <gtest/gtest.h>

using namespace teetidy;
using namespace teetidy::deploy;

namespace {

std::string hexOf(const std::array<uint8_t, 48> &D) {
  return toHex(std::string_view(reinterpret_cast<const char *>(D.data()), D.size()));
}

TEST(Sha384, KnownDigestsAcrossBlockBoundaries) {
  // Lengths around the padding limits of a 128-byte block; bytes (i*7+3)%256.
  const std::pair<size_t, const char *> Cases[] = {
      {0, "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2"
          "f14898b95b"},
      {111, "341388a9dc2275074e90cf394323761919761c805fd9e370977c9966a0e8c81a52135f02577670b0071638"
            "a4a26dbc31"},
      {112, "619cc5d06138526d70659eccf602d197e63e1050e22039a7feb40a30a5b2b08fb03729e291df12f8c576e6"
            "f1cd8af22a"},
      {127, "f8234ab81f5f9641c656680825a9bbb3c2616bcc80b65d5e479a4d96742e1b8742330c9e8256ef5f03caa9"
            "32487044ca"},
      {128, "e8480e9c4dd90f88104a79cbaccec48edbd798a142b4f241d726dc252f1502350e824c7d18dadd59d7d716"
            "919fb8f9bf"},
      {129, "430173387764874661acba1e914e50f6d0fbac534809e859b1da4396fad3d5f24c25c6a2d02486d8fbda39"
            "94713d981a"},
      {256, "23f0634552ba15289fa02c8a37e3a391e79e230dca05db03a7696630c5ba3a3352d1624f52832e4d6183c0"
            "eb70198e9a"},
      {1000, "94c38db521ca733b8904c2d14b6e82d33dcfcc26e1318c579dbee1fc2f472019034e792263b9d46e90e70"
             "0de2f6e7e91"},
  };
  for (const auto &[N, Want] : Cases) {
    std::string In;
    for (size_t I = 0; I < N; ++I)
      In += static_cast<char>((I * 7 + 3) % 256);
    EXPECT_EQ(hexOf(sha384(In)), Want) << N << " bytes";
  }
  EXPECT_EQ(hexOf(sha384("abc")), "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5b"
                                  "ed8086072ba1e7cc2358baeca134c825a7");
}

TEST(EventLog, DigestsAndReplay) {
  std::string Payload = *fromHex("0x1234");
  EXPECT_EQ(Payload, "\x12\x34");
  EXPECT_FALSE(fromHex("123"));
  EXPECT_FALSE(fromHex("zz"));
  // Version 1 hashes le32(type):name:payload; version 2 the JCS document.
  EXPECT_EQ(eventDigestV1("app-id", Payload),
            hexOf(sha384(std::string("\x01\x00\x00\x08", 4) + ":app-id:\x12\x34")));
  EXPECT_EQ(eventDigestV2("app-id", Payload),
            hexOf(sha384(R"({"name":"app-id","payload":"1234","type":134217729})")));
  std::string D = *fromHex(eventDigestV1("app-id", Payload));
  EXPECT_EQ(replayRtmr({}), std::string(96, '0'));
  EXPECT_EQ(replayRtmr({D}), hexOf(sha384(std::string(48, '\0') + D)));
}

EventLogEntry event(const std::string &Name, const std::string &PayloadHex, int Version = 1) {
  EventLogEntry E;
  E.Imr = 3;
  E.Type = RuntimeEventType;
  E.Name = Name;
  E.PayloadHex = PayloadHex;
  std::string P = *fromHex(PayloadHex);
  E.DigestHex = Version == 1 ? eventDigestV1(Name, P) : eventDigestV2(Name, P);
  return E;
}

TEST(EventLog, VerifyNamesEachMismatch) {
  std::string Hash(64, 'a');
  std::vector<EventLogEntry> Log = {event("app-id", "11"), event("compose-hash", Hash, 2)};
  std::vector<std::string> Digests;
  for (const EventLogEntry &E : Log)
    Digests.push_back(*fromHex(E.DigestHex));
  std::string Rtmr3 = replayRtmr(Digests);
  EventLogVerdict Good = verifyRtmr3(Log, Rtmr3, Hash, {"app-id", "compose-hash"});
  EXPECT_TRUE(Good.Errors.empty()) << Good.Errors.front();
  ASSERT_EQ(Good.Events.size(), 2u);
  EXPECT_EQ(Good.Events[0].second, 1);
  EXPECT_EQ(Good.Events[1].second, 2);

  EventLogVerdict Missing = verifyRtmr3(Log, Rtmr3, Hash, {"instance-id"});
  ASSERT_EQ(Missing.Errors.size(), 1u);
  EXPECT_NE(Missing.Errors[0].find("'instance-id' is missing"), std::string::npos);

  EventLogVerdict OtherHash = verifyRtmr3(Log, Rtmr3, std::string(64, 'b'), {});
  ASSERT_EQ(OtherHash.Errors.size(), 1u);
  EXPECT_NE(OtherHash.Errors[0].find("'compose-hash': the payload"), std::string::npos);

  // A swapped payload: its digest no longer matches, and the replay from the
  // recomputed digests no longer gives the recorded RTMR3.
  std::vector<EventLogEntry> Swapped = Log;
  Swapped[0].PayloadHex = "22";
  EventLogVerdict Tampered = verifyRtmr3(Swapped, Rtmr3, Hash, {});
  ASSERT_EQ(Tampered.Errors.size(), 2u);
  EXPECT_NE(Tampered.Errors[0].find("'app-id': the recorded digest"), std::string::npos);
  EXPECT_NE(Tampered.Errors[1].find("RTMR3 replayed"), std::string::npos);

  // Events of other registers are not replayed into RTMR3.
  std::vector<EventLogEntry> WithBoot = Log;
  WithBoot.insert(WithBoot.begin(), EventLogEntry{0, 1, "", "", std::string(96, '1'), {}});
  EXPECT_TRUE(verifyRtmr3(WithBoot, Rtmr3, Hash, {}).Errors.empty());
}

} // namespace
