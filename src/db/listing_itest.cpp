// db::list_page against PostgreSQL: the count and the page with filters, the allow-listed order, the
// count cap (total stops, an offset page past it is refused), contains patterns that treat % and _ as
// text, and keyset paging: following nextCursor visits exactly the rows the offset pages do, in every
// order (repeated keys, NULLs, mixed directions), past the cap too; an edited cursor is a 400.
#include <gtest/gtest.h>

#include "core/error.h"
#include "db/itest_support.h"
#include "db/listing.h"

namespace bh::db {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
using testing::DbTest;
using testing::run;

class ListingTest : public DbTest {
  protected:
    void SetUp() override {
        table_ = bh::testing::unique_name("listing");
        // 25 rows: names "item 01".."item 25", "50%_off" among them, kinds alternating a/b, a note on
        // every third row (NULL elsewhere) taking three values.
        run(io, [&]() -> awaitable<void> {
            auto conn = co_await connect();
            co_await conn->execute_script(
                "CREATE TABLE " + table_ +
                " (id INT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, note TEXT);" + "INSERT INTO " +
                table_ +
                " SELECT g, CASE WHEN g = 7 THEN '50%_off' ELSE 'item ' || lpad(g::text, 2, '0') END,"
                " CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b' END,"
                " CASE WHEN g % 3 = 0 THEN 'note ' || (g % 9) END FROM generate_series(1, 25) g");
        }());
    }

    Listing listing(std::optional<std::int64_t> cap = std::nullopt) {
        return Listing({.columns = "id, name",
                        .from = table_ + " x",
                        .sort_columns = {{"id", "x.id"},
                                         {"name", "lower(x.name)"},
                                         {"kind", "x.kind"},
                                         {"note", "x.note", Nullable}},
                        .tie_breaker = "x.id",
                        .count_cap = cap});
    }

    std::vector<int> ids(const Listing& l, const Where& where, const PageRequest& page,
                         RowsPage* out = nullptr) {
        return run(io, [&]() -> awaitable<std::vector<int>> {
            auto conn = co_await connect();
            auto found = co_await list_page(*conn, l, where, page);
            std::vector<int> result;
            for (const auto& row : found.rows()) result.push_back(row.get<std::int32_t>(0));
            if (out) *out = std::move(found);
            co_return result;
        }());
    }

    std::string table_;
};

TEST_F(ListingTest, CountsFiltersAndPagesInTheAskedOrder) {
    const auto all = listing();
    Where kind_b;
    kind_b.add("x.kind = $", std::string("b"));
    RowsPage found;
    EXPECT_EQ(ids(all, kind_b, {.page = 1, .size = 5, .sort = {{"id", true}}}, &found),
              (std::vector<int>{15, 13, 11, 9, 7}));
    EXPECT_EQ(found.total, 13);
    EXPECT_FALSE(found.total_capped);
    // Past the end: the total, no rows.
    EXPECT_TRUE(ids(all, kind_b, {.page = 3, .size = 5}, &found).empty());
    EXPECT_EQ(found.total, 13);
}

TEST_F(ListingTest, ContainsPatternsTakeWildcardsAsText) {
    const auto all = listing();
    Where percent;
    percent.add("x.name ILIKE $", contains_pattern("%_"));
    EXPECT_EQ(ids(all, percent, {}), std::vector<int>{7});
    Where item;
    item.add("x.name ILIKE $", contains_pattern("ITEM 1"));
    EXPECT_EQ(ids(all, item, {.sort = {{"name", false}}}),
              (std::vector<int>{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}));
}

TEST_F(ListingTest, TheCountStopsAtTheCapAndPagesPastItAreRefused) {
    const auto capped = listing(10);
    const Where every;
    RowsPage found;
    EXPECT_EQ(ids(capped, every, {.page = 1, .size = 5}, &found), (std::vector<int>{6, 7, 8, 9, 10}));
    EXPECT_EQ(found.total, 10);
    EXPECT_TRUE(found.total_capped);
    try {
        ids(capped, every, {.page = 2, .size = 5});
        FAIL() << "a page past the cap was served";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
        ASSERT_EQ(e.field_errors().size(), 1u);
        EXPECT_EQ(e.field_errors()[0].field, "page");
    }
}

TEST_F(ListingTest, FollowingTheCursorVisitsWhatTheOffsetPagesDoInEveryOrder) {
    const auto all = listing();
    Where every;
    Where kind_b;
    kind_b.add("x.kind = $", std::string("b"));
    const std::vector<std::vector<SortKey>> orders = {
        {},
        {{"id", true}},
        {{"name", false}},
        {{"kind", false}},                  // repeated keys: the tie-breaker decides
        {{"kind", true}, {"name", false}},  // mixed directions
        {{"note", false}},                  // NULLs last
        {{"note", true}},                   // NULLs first
        {{"note", false}, {"kind", true}},
    };
    for (const auto* where : {&every, &kind_b}) {
        for (const auto& sort : orders) {
            for (const std::int64_t size : {1, 4, 25}) {
                RowsPage found;
                std::vector<int> by_offset;
                for (std::int64_t n = 0;; ++n) {
                    const auto page = ids(all, *where, {.page = n, .size = size, .sort = sort}, &found);
                    if (page.empty()) break;
                    by_offset.insert(by_offset.end(), page.begin(), page.end());
                }
                std::vector<int> by_cursor = ids(all, *where, {.size = size, .sort = sort}, &found);
                int pages = 1;
                while (found.next_cursor) {
                    const auto page =
                        ids(all, *where, {.size = size, .sort = sort, .after = found.next_cursor}, &found);
                    ASSERT_FALSE(page.empty()) << "a cursor led to an empty page";
                    by_cursor.insert(by_cursor.end(), page.begin(), page.end());
                    ASSERT_LT(++pages, 30);
                }
                EXPECT_EQ(by_cursor, by_offset) << "sort keys " << sort.size() << ", size " << size;
                EXPECT_EQ(static_cast<std::int64_t>(by_cursor.size()), found.total);
            }
        }
    }
}

TEST_F(ListingTest, KeysetPagesReportTheTotalOfTheWalksFirstPageWithoutCountingAgain) {
    const auto all = listing();
    const Where every;
    RowsPage found;
    ids(all, every, {.size = 10}, &found);
    ASSERT_TRUE(found.next_cursor);
    run(io, [&]() -> awaitable<void> {
        auto conn = co_await connect();
        co_await conn->execute_script("INSERT INTO " + table_ + " VALUES (26, 'late', 'a', NULL)");
    }());
    EXPECT_EQ(ids(all, every, {.size = 10, .after = found.next_cursor}, &found),
              (std::vector<int>{11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
    EXPECT_EQ(found.total, 25);  // counted when the walk began
    EXPECT_EQ(ids(all, every, {.size = 10, .after = found.next_cursor}, &found),
              (std::vector<int>{21, 22, 23, 24, 25, 26}));  // the rows themselves are current
    EXPECT_EQ(ids(all, every, {.size = 10}, &found).size(), 10u);
    EXPECT_EQ(found.total, 26);  // a new walk counts again
}

TEST_F(ListingTest, CursorsGoOnPastTheCountCap) {
    const auto capped = listing(10);
    const Where every;
    RowsPage found;
    ids(capped, every, {.page = 1, .size = 5}, &found);
    ASSERT_TRUE(found.next_cursor);
    EXPECT_EQ(ids(capped, every, {.size = 5, .after = found.next_cursor}, &found),
              (std::vector<int>{11, 12, 13, 14, 15}));
    EXPECT_TRUE(found.total_capped);
    EXPECT_EQ(ids(capped, every, {.size = 20, .after = found.next_cursor}, &found),
              (std::vector<int>{16, 17, 18, 19, 20, 21, 22, 23, 24, 25}));
    EXPECT_FALSE(found.next_cursor);  // the last page
}

TEST_F(ListingTest, AnEditedCursorIsTheClientsMistake) {
    const auto all = listing();
    const Where every;
    RowsPage found;
    ids(all, every, {.size = 5}, &found);
    ASSERT_TRUE(found.next_cursor);
    // Well-formed, made for this order, but its id is not an integer: PostgreSQL refuses the value.
    const auto order = all.order(PageRequest{});
    const auto edited = Listing::encode_cursor(order, {.values = {std::string("five")}, .total = 25});
    for (const auto& cursor : {*edited, std::string("AAAA"), *found.next_cursor + "x"}) {
        try {
            ids(all, every, {.size = 5, .after = cursor});
            FAIL() << "cursor " << cursor << " was served";
        } catch (const AppError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
            ASSERT_EQ(e.field_errors().size(), 1u);
            EXPECT_EQ(e.field_errors()[0].field, "after");
        }
    }
}

}  // namespace
}  // namespace bh::db
