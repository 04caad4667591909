// IoShards: which executor is "local" to a caller (strands included), the fallback for a stranger,
// and the round-robin of next().
#include "core/io_shards.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

namespace bh {
namespace {

namespace asio = boost::asio;

TEST(IoShards, FindsTheCallersContextThroughAStrand) {
    asio::io_context a(1), b(1), c(1);
    IoShards shards({a.get_executor(), b.get_executor(), c.get_executor()});
    ASSERT_EQ(shards.size(), 3u);
    EXPECT_EQ(shards.index_of(asio::any_io_executor(b.get_executor())), 1u);
    EXPECT_EQ(shards.index_of(asio::any_io_executor(asio::make_strand(c.get_executor()))), 2u);
    const asio::any_io_executor wrapped(asio::make_strand(asio::any_io_executor(b.get_executor())));
    EXPECT_EQ(shards.index_of(wrapped), 1u);
    EXPECT_EQ(&asio::query(shards.local(wrapped), asio::execution::context),
              &static_cast<asio::execution_context&>(b));
}

TEST(IoShards, AStrangerGetsTheFirst) {
    asio::io_context a(1), b(1), other(1);
    asio::thread_pool pool(1);
    IoShards shards({a.get_executor(), b.get_executor()});
    EXPECT_EQ(shards.index_of(asio::any_io_executor(other.get_executor())), 0u);
    EXPECT_EQ(shards.index_of(asio::any_io_executor(pool.get_executor())), 0u);
    EXPECT_EQ(shards.index_of(asio::any_io_executor()), 0u);
    pool.join();
}

TEST(IoShards, NextTakesEachInTurn) {
    asio::io_context a(1), b(1), c(1);
    IoShards shards({a.get_executor(), b.get_executor(), c.get_executor()});
    std::vector<std::size_t> seen;
    for (int i = 0; i < 6; ++i) seen.push_back(shards.index_of(shards.next()));
    EXPECT_EQ(seen, (std::vector<std::size_t>{0, 1, 2, 0, 1, 2}));
}

TEST(IoShards, OneExecutorIsAlwaysItAndNoneIsRefused) {
    asio::io_context a(1), other(1);
    IoShards shards(asio::any_io_executor(a.get_executor()));
    EXPECT_EQ(shards.index_of(asio::any_io_executor(other.get_executor())), 0u);
    EXPECT_EQ(shards.index_of(shards.next()), 0u);
    EXPECT_THROW(IoShards(std::vector<asio::any_io_executor>{}), std::invalid_argument);
}

TEST(IoShards, FindNamesOnlyAShardEvenWhenThereIsOne) {
    asio::io_context a(1), other(1);
    IoShards one(asio::any_io_executor(a.get_executor()));
    EXPECT_EQ(one.find(asio::any_io_executor(a.get_executor())), 0u);
    EXPECT_EQ(one.find(asio::any_io_executor(asio::make_strand(a.get_executor()))), 0u);
    EXPECT_EQ(one.find(asio::any_io_executor(other.get_executor())), std::nullopt);
    EXPECT_EQ(one.find(asio::any_io_executor()), std::nullopt);
}

// serial(): a shard with one thread needs no strand; an executor of unknown threads gets one. Only a
// caller on that one thread drives the shard's objects in place.
TEST(IoShards, SerialAndInlineFollowWhatIsKnownOfTheThreads) {
    asio::io_context a(1), b(1);
    const asio::any_io_executor ea(a.get_executor()), eb(b.get_executor());
    const IoShards unknown({ea, eb});
    const IoShards sharded({ea, eb}, ShardThreads::OnePerExecutor);
    EXPECT_FALSE(unknown.one_thread_each());
    EXPECT_TRUE(sharded.one_thread_each());
    EXPECT_TRUE(sharded.serial(eb) == eb);
    const auto strand = unknown.serial(eb);
    EXPECT_FALSE(strand == eb);
    EXPECT_NE(strand.target<asio::strand<asio::any_io_executor>>(), nullptr);
    EXPECT_EQ(&asio::query(strand, asio::execution::context), &static_cast<asio::execution_context&>(b));

    EXPECT_TRUE(sharded.drives_inline(eb, 1));
    EXPECT_TRUE(sharded.drives_inline(asio::any_io_executor(asio::make_strand(eb)), 1));
    EXPECT_FALSE(sharded.drives_inline(ea, 1));
    asio::io_context other(1);
    EXPECT_FALSE(sharded.drives_inline(asio::any_io_executor(other.get_executor()), 0));  // a stranger
    EXPECT_FALSE(unknown.drives_inline(eb, 1));
    const IoShards copy(sharded);
    EXPECT_TRUE(copy.one_thread_each());
}

}  // namespace
}  // namespace bh
