#include "deploy/Interpolation.h"

#include <gtest/gtest.h>

using namespace teetidy::deploy;
using Form = VariableRef::Form;

namespace {

InterpolatedString parseOk(std::string_view Text) {
  std::string Error;
  size_t Offset = 0;
  auto R = parseInterpolation(Text, &Error, &Offset);
  EXPECT_TRUE(R.has_value()) << Text << ": " << Error << " at " << Offset;
  return R.value_or(InterpolatedString{});
}

/// Parses \p Text expecting a failure; returns the error offset.
size_t parseFails(std::string_view Text, std::string *Message = nullptr) {
  std::string Error;
  size_t Offset = 12345;
  auto R = parseInterpolation(Text, &Error, &Offset);
  EXPECT_FALSE(R.has_value()) << Text;
  EXPECT_FALSE(Error.empty()) << Text;
  if (Message)
    *Message = Error;
  return Offset;
}

TEST(Interpolation, LiteralText) {
  InterpolatedString S = parseOk("plain text: 1/2");
  EXPECT_TRUE(S.isLiteral());
  EXPECT_EQ(S.Raw, "plain text: 1/2");
  EXPECT_EQ(S.literalValue(), "plain text: 1/2");
  EXPECT_TRUE(S.variableNames().empty());
  EXPECT_TRUE(parseOk("").isLiteral());
}

TEST(Interpolation, DollarDollarIsAnEscape) {
  InterpolatedString S = parseOk("price $$5 and $${HOME} $$$$");
  EXPECT_TRUE(S.isLiteral());
  EXPECT_EQ(S.literalValue(), "price $5 and ${HOME} $$");
}

TEST(Interpolation, LoneDollarIsLiteral) {
  for (std::string_view T : {"$", "a$", "$1", "$ x", "$-", "50$/h", "$}"}) {
    InterpolatedString S = parseOk(T);
    EXPECT_TRUE(S.isLiteral()) << T;
    EXPECT_EQ(S.literalValue(), T);
  }
}

TEST(Interpolation, UnbracedName) {
  InterpolatedString S = parseOk("http://$HOST_1:80/$path-x");
  ASSERT_EQ(S.Refs.size(), 2u);
  EXPECT_EQ(S.Refs[0].Name, "HOST_1");
  EXPECT_EQ(S.Refs[0].Kind, Form::Plain);
  EXPECT_EQ(S.Refs[0].Offset, 7u);
  EXPECT_EQ(S.Refs[0].Length, 7u);
  EXPECT_EQ(S.Refs[1].Name, "path");
  EXPECT_EQ(S.Refs[1].Offset, 18u);
  EXPECT_EQ(S.Refs[1].Length, 5u);
  EXPECT_FALSE(S.isLiteral());
  EXPECT_EQ(S.variableNames(), (std::vector<std::string>{"HOST_1", "path"}));
}

TEST(Interpolation, UnderscoreStartsAName) {
  InterpolatedString S = parseOk("$_x9${_Y}");
  ASSERT_EQ(S.Refs.size(), 2u);
  EXPECT_EQ(S.Refs[0].Name, "_x9");
  EXPECT_EQ(S.Refs[1].Name, "_Y");
  EXPECT_EQ(S.Refs[1].Offset, 4u);
}

TEST(Interpolation, BracedName) {
  InterpolatedString S = parseOk("x${API_KEY}y");
  ASSERT_EQ(S.Refs.size(), 1u);
  EXPECT_EQ(S.Refs[0].Name, "API_KEY");
  EXPECT_EQ(S.Refs[0].Kind, Form::Plain);
  EXPECT_EQ(S.Refs[0].Offset, 1u);
  EXPECT_EQ(S.Refs[0].Length, 10u);
  EXPECT_TRUE(S.Refs[0].Argument.empty());
}

TEST(Interpolation, EveryOperator) {
  struct Case {
    std::string_view Text;
    Form Kind;
    std::string_view Argument;
  } Cases[] = {
      {"${V:-def}", Form::DefaultIfUnsetOrEmpty, "def"},
      {"${V-def}", Form::DefaultIfUnset, "def"},
      {"${V:?need V}", Form::ErrorIfUnsetOrEmpty, "need V"},
      {"${V?need V}", Form::ErrorIfUnset, "need V"},
      {"${V:+alt}", Form::AlternateIfSetNonEmpty, "alt"},
      {"${V+alt}", Form::AlternateIfSet, "alt"},
      {"${V:-}", Form::DefaultIfUnsetOrEmpty, ""},
      {"${V?}", Form::ErrorIfUnset, ""},
      {"${V:-a:b-c?d+e{f}", Form::DefaultIfUnsetOrEmpty, "a:b-c?d+e{f"},
  };
  for (const Case &C : Cases) {
    InterpolatedString S = parseOk(C.Text);
    ASSERT_EQ(S.Refs.size(), 1u) << C.Text;
    EXPECT_EQ(S.Refs[0].Name, "V") << C.Text;
    EXPECT_EQ(S.Refs[0].Kind, C.Kind) << C.Text;
    EXPECT_EQ(S.Refs[0].Argument, C.Argument) << C.Text;
    EXPECT_EQ(S.Refs[0].Offset, 0u);
    EXPECT_EQ(S.Refs[0].Length, C.Text.size()) << C.Text;
    EXPECT_TRUE(S.Refs[0].Nested.empty());
  }
}

TEST(Interpolation, ArgumentEndsAtFirstUnnestedBrace) {
  InterpolatedString S = parseOk("${A:-x}y}");
  ASSERT_EQ(S.Refs.size(), 1u);
  EXPECT_EQ(S.Refs[0].Argument, "x");
  EXPECT_EQ(S.Refs[0].Length, 7u);
}

TEST(Interpolation, NestedReferences) {
  std::string_view T = "pre ${A:-${B:-x}/$C} post";
  InterpolatedString S = parseOk(T);
  ASSERT_EQ(S.Refs.size(), 1u);
  const VariableRef &A = S.Refs[0];
  EXPECT_EQ(A.Name, "A");
  EXPECT_EQ(A.Argument, "${B:-x}/$C");
  EXPECT_EQ(A.Offset, 4u);
  EXPECT_EQ(A.Length, T.find(" post") - 4);
  ASSERT_EQ(A.Nested.size(), 2u);
  EXPECT_EQ(A.Nested[0].Name, "B");
  EXPECT_EQ(A.Nested[0].Kind, Form::DefaultIfUnsetOrEmpty);
  EXPECT_EQ(A.Nested[0].Argument, "x");
  // Nested offsets are relative to the whole string.
  EXPECT_EQ(A.Nested[0].Offset, T.find("${B"));
  EXPECT_EQ(A.Nested[0].Length, 7u);
  EXPECT_EQ(A.Nested[1].Name, "C");
  EXPECT_EQ(A.Nested[1].Offset, T.find("$C"));
  EXPECT_EQ(S.variableNames(), (std::vector<std::string>{"A", "B", "C"}));
}

TEST(Interpolation, DeeplyNestedAndEscapedInArgument) {
  InterpolatedString S = parseOk("${A:-${B:-${C}}$$}");
  ASSERT_EQ(S.Refs.size(), 1u);
  EXPECT_EQ(S.Refs[0].Argument, "${B:-${C}}$$");
  ASSERT_EQ(S.Refs[0].Nested.size(), 1u);
  ASSERT_EQ(S.Refs[0].Nested[0].Nested.size(), 1u);
  EXPECT_EQ(S.Refs[0].Nested[0].Nested[0].Name, "C");
  EXPECT_EQ(S.Refs[0].Nested[0].Nested[0].Offset, 10u);
  EXPECT_EQ(S.variableNames(), (std::vector<std::string>{"A", "B", "C"}));
}

TEST(Interpolation, SeveralReferencesKeepOrderAndOffsets) {
  std::string_view T = "${USER}:${PASS}@$HOST";
  InterpolatedString S = parseOk(T);
  ASSERT_EQ(S.Refs.size(), 3u);
  EXPECT_EQ(S.Refs[0].Offset, 0u);
  EXPECT_EQ(S.Refs[1].Offset, T.find("${PASS"));
  EXPECT_EQ(S.Refs[2].Offset, T.find("$HOST"));
  EXPECT_EQ(S.Raw, T);
}

TEST(Interpolation, OffsetsAreBytesAfterNonAscii) {
  std::string_view T = "é€ ${X}";
  InterpolatedString S = parseOk(T);
  ASSERT_EQ(S.Refs.size(), 1u);
  EXPECT_EQ(S.Refs[0].Offset, 6u); // é is 2 bytes, € is 3
}

TEST(Interpolation, UnterminatedBraceIsAnError) {
  std::string Message;
  EXPECT_EQ(parseFails("abc ${VAR", &Message), 4u);
  EXPECT_NE(Message.find("unterminated"), std::string::npos) << Message;
  EXPECT_EQ(parseFails("x${"), 1u);
  EXPECT_EQ(parseFails("${VAR:-default"), 0u);
  EXPECT_EQ(parseFails("${VAR:"), 0u);
  // The outer reference is the unterminated one here...
  EXPECT_EQ(parseFails("${A:-${B}"), 0u);
  // ...and the inner one here.
  EXPECT_EQ(parseFails("${A:-${B"), 5u);
}

TEST(Interpolation, InvalidNameIsAnError) {
  std::string Message;
  EXPECT_EQ(parseFails("ok ${1ABC}", &Message), 5u);
  EXPECT_NE(Message.find("'1'"), std::string::npos) << Message;
  EXPECT_EQ(parseFails("${}", &Message), 2u);
  EXPECT_NE(Message.find("missing"), std::string::npos) << Message;
  EXPECT_EQ(parseFails("${ VAR}"), 2u);
  EXPECT_EQ(parseFails("${VAR.x}", &Message), 5u);
  EXPECT_NE(Message.find("'.'"), std::string::npos) << Message;
  EXPECT_EQ(parseFails("${VAR:x}"), 5u); // `:` must start an operator
  EXPECT_EQ(parseFails("${VAR*}"), 5u);
  EXPECT_EQ(parseFails("${é}"), 2u);
  // An invalid nested reference fails the whole string.
  EXPECT_EQ(parseFails("${A:-${-}}"), 7u);
}

TEST(Interpolation, ErrorOutputsAreOptional) {
  EXPECT_FALSE(parseInterpolation("${").has_value());
  EXPECT_TRUE(parseInterpolation("$A").has_value());
}

} // namespace

namespace {

std::string nested(unsigned Levels) {
  std::string S;
  for (unsigned I = 0; I < Levels; ++I)
    S += "${A:-";
  S += "x";
  S += std::string(Levels, '}');
  return S;
}

TEST(Interpolation, NestingIsBounded) {
  auto Deepest = parseInterpolation(nested(teetidy::deploy::MaxInterpolationNesting));
  ASSERT_TRUE(Deepest.has_value());
  std::string Error;
  size_t At = 0;
  EXPECT_FALSE(
      parseInterpolation(nested(teetidy::deploy::MaxInterpolationNesting + 1), &Error, &At));
  EXPECT_EQ(Error, "interpolation nested more than 32 levels deep");
  EXPECT_EQ(At, 5u * teetidy::deploy::MaxInterpolationNesting);
  // Hostile depths end quickly instead of exhausting the stack or memory.
  EXPECT_FALSE(parseInterpolation(nested(100000), &Error, &At));
}

} // namespace
