#include "redis/reply.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace bh::redis {
namespace {

TEST(ReplyTest, DefaultIsNil) {
    const Reply reply;
    EXPECT_TRUE(reply.is_nil());
    EXPECT_EQ(reply.as_optional_string(), std::nullopt);
    EXPECT_EQ(reply, Reply::nil());
}

TEST(ReplyTest, TypedAccessors) {
    EXPECT_EQ(Reply::integer(-7).as_integer(), -7);
    EXPECT_EQ(Reply::string("v").as_string(), "v");
    EXPECT_EQ(Reply::status("OK").as_string(), "OK");
    EXPECT_TRUE(Reply::status("OK").is_status("OK"));
    EXPECT_FALSE(Reply::string("OK").is_status("OK"));
    EXPECT_EQ(Reply::string("x").as_optional_string(), "x");
    EXPECT_EQ(Reply::array({Reply::integer(1)}).as_array().size(), 1u);
}

TEST(ReplyTest, WrongTypeThrowsInternal) {
    try {
        (void)Reply::error("WRONGTYPE Operation against a key").as_integer();
        FAIL() << "no exception";
    } catch (const bh::AppError& e) {
        EXPECT_EQ(e.kind(), bh::ErrorKind::Internal);
        EXPECT_NE(e.detail().find("WRONGTYPE"), std::string::npos);
    }
    EXPECT_THROW((void)Reply::integer(1).as_string(), bh::AppError);
    EXPECT_THROW((void)Reply::nil().as_array(), bh::AppError);
}

TEST(ReplyTest, ErrorKindMatchesFirstWordOnly) {
    const Reply noscript = Reply::error("NOSCRIPT No matching script. Please use EVAL.");
    EXPECT_TRUE(noscript.is_error_kind("NOSCRIPT"));
    EXPECT_FALSE(noscript.is_error_kind("NOSCRIPTS"));
    EXPECT_FALSE(noscript.is_error_kind("NOSCRI"));
    EXPECT_TRUE(Reply::error("ERR").is_error_kind("ERR"));
    EXPECT_FALSE(Reply::string("NOSCRIPT").is_error_kind("NOSCRIPT"));
    EXPECT_EQ(noscript.error_message(), "NOSCRIPT No matching script. Please use EVAL.");
    EXPECT_EQ(Reply::string("x").error_message(), "");
}

TEST(ReplyTest, DebugString) {
    const Reply reply = Reply::array({Reply::integer(1), Reply::string("a"), Reply::nil(),
                                      Reply::status("OK"), Reply::error("ERR x"), Reply::array({})});
    EXPECT_EQ(reply.to_debug_string(), R"([1, "a", nil, OK, (error) ERR x, []])");
}

TEST(ReplyTest, EqualityIsDeep) {
    EXPECT_EQ(Reply::array({Reply::string("a")}), Reply::array({Reply::string("a")}));
    EXPECT_NE(Reply::array({Reply::string("a")}), Reply::array({Reply::status("a")}));
    EXPECT_NE(Reply::integer(0), Reply::nil());
}

}  // namespace
}  // namespace bh::redis
