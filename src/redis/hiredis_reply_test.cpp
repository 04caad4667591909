// Feeds raw RESP bytes through hiredis's own parser and checks what the client would hand callers.
#include "redis/hiredis_reply.h"

#include <gtest/gtest.h>
#include <hiredis/read.h>

#include <memory>
#include <string_view>

namespace bh::redis::detail {
namespace {

Reply parse(std::string_view wire) {
    std::unique_ptr<redisReader, decltype(&redisReaderFree)> reader(redisReaderCreate(), &redisReaderFree);
    EXPECT_EQ(redisReaderFeed(reader.get(), wire.data(), wire.size()), REDIS_OK);
    void* raw = nullptr;
    EXPECT_EQ(redisReaderGetReply(reader.get(), &raw), REDIS_OK);
    EXPECT_NE(raw, nullptr) << "incomplete reply";
    if (raw == nullptr) {
        return Reply::nil();
    }
    std::unique_ptr<redisReply, decltype(&freeReplyObject)> reply(static_cast<redisReply*>(raw),
                                                                  &freeReplyObject);
    return to_reply(*reply);
}

TEST(HiredisReplyTest, Scalars) {
    EXPECT_EQ(parse("+OK\r\n"), Reply::status("OK"));
    EXPECT_EQ(parse("-ERR unknown command\r\n"), Reply::error("ERR unknown command"));
    EXPECT_EQ(parse(":-42\r\n"), Reply::integer(-42));
    EXPECT_EQ(parse(":9223372036854775807\r\n"), Reply::integer(9223372036854775807LL));
    EXPECT_EQ(parse("$5\r\nhello\r\n"), Reply::string("hello"));
    EXPECT_EQ(parse("$0\r\n\r\n"), Reply::string(""));
    EXPECT_EQ(parse("$-1\r\n"), Reply::nil());
}

TEST(HiredisReplyTest, BulkStringsAreBinarySafe) {
    using namespace std::string_literals;
    EXPECT_EQ(parse("$3\r\na\0b\r\n"s), Reply::string("a\0b"s));
}

TEST(HiredisReplyTest, NestedArrays) {
    EXPECT_EQ(parse("*3\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n+QUEUED\r\n"),
              Reply::array({Reply::integer(1), Reply::array({Reply::string("a"), Reply::nil()}),
                            Reply::status("QUEUED")}));
    EXPECT_EQ(parse("*0\r\n"), Reply::array({}));
    EXPECT_EQ(parse("*-1\r\n"), Reply::nil());
}

}  // namespace
}  // namespace bh::redis::detail
