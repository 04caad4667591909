#include "db/result.h"

#include <gtest/gtest.h>

#include <cstring>

#include "core/error.h"
#include "db/detail/pg_result.h"

namespace bh::db {
namespace {

using namespace std::chrono;

// Builds a real PGresult without a server (libpq's PQmakeEmptyPGresult / PQsetvalue), so the
// conversions are tested exactly as they run on server answers.
Result make_result(const std::vector<std::string>& columns,
                   const std::vector<std::vector<const char*>>& rows) {
    PGresult* raw = PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK);
    std::vector<PGresAttDesc> attributes(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) {
        attributes[i] = PGresAttDesc{};
        attributes[i].name = const_cast<char*>(columns[i].c_str());
        attributes[i].format = 0;
    }
    EXPECT_EQ(PQsetResultAttrs(raw, static_cast<int>(attributes.size()), attributes.data()), 1);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const char* value = rows[r][c];
            const int length = value == nullptr ? -1 : static_cast<int>(std::strlen(value));
            EXPECT_EQ(
                PQsetvalue(raw, static_cast<int>(r), static_cast<int>(c), const_cast<char*>(value), length),
                1);
        }
    }
    return detail::ResultAccess::wrap(raw);
}

TEST(Result, TypedGetters) {
    const Result result =
        make_result({"id", "name", "count", "small", "active", "amount", "created", "day", "ratio"},
                    {{"0190a6c2-7d1e-7c3a-9b2f-0123456789ab", "Ana", "9007199254740993", "-12", "t",
                      "1234.50", "2024-05-01 12:30:00.25+00", "2024-05-01", "0.25"}});
    ASSERT_EQ(result.size(), 1u);
    ASSERT_EQ(result.columns(), 9);
    const Row row = result.one();
    EXPECT_EQ(row.get<Uuid>("id").to_string(), "0190a6c2-7d1e-7c3a-9b2f-0123456789ab");
    EXPECT_EQ(row.get<UserId>("id").to_string(), "0190a6c2-7d1e-7c3a-9b2f-0123456789ab");
    EXPECT_EQ(row.get<std::string>(1), "Ana");
    EXPECT_EQ(row.get<std::string_view>("name"), "Ana");
    EXPECT_EQ(row.get<std::int64_t>("count"), 9007199254740993);
    EXPECT_EQ(row.get<std::int32_t>("small"), -12);
    EXPECT_EQ(row.get<std::int16_t>("small"), -12);
    EXPECT_TRUE(row.get<bool>("active"));
    EXPECT_EQ(row.get<Money>("amount"), Money::from_cents(123450));
    EXPECT_EQ(row.get<system_clock::time_point>("created"),
              time_point_cast<system_clock::duration>(sys_days{year{2024} / 5 / 1} + hours{12} + minutes{30} +
                                                      milliseconds{250}));
    EXPECT_EQ(row.get<year_month_day>("day"), year{2024} / 5 / 1);
    EXPECT_DOUBLE_EQ(row.get<double>("ratio"), 0.25);
}

TEST(Result, NullsOnlyAsOptional) {
    const Result result = make_result({"note", "amount"}, {{nullptr, nullptr}, {"x", "0.07"}});
    ASSERT_EQ(result.size(), 2u);
    EXPECT_TRUE(result[0].is_null(0));
    EXPECT_EQ(result[0].get<std::optional<std::string>>("note"), std::nullopt);
    EXPECT_EQ(result[0].get<std::optional<Money>>("amount"), std::nullopt);
    EXPECT_EQ(result[1].get<std::optional<std::string>>("note"), "x");
    EXPECT_EQ(result[1].get<std::optional<Money>>("amount"), Money::from_cents(7));
    try {
        result[0].get<std::string>("note");
        FAIL() << "expected AppError";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Internal);
        EXPECT_NE(e.detail().find("note"), std::string::npos);
    }
}

TEST(Result, BadTextIsInternalErrorWithoutTheValue) {
    const Result result = make_result({"n", "m", "b", "u"}, {{"12x", "1.234", "yes", "not-a-uuid"}});
    const Row row = result.one();
    EXPECT_THROW(row.get<std::int64_t>("n"), AppError);
    EXPECT_THROW(row.get<std::int32_t>("n"), AppError);
    EXPECT_THROW(row.get<Money>("m"), AppError);  // NUMERIC with 3 decimals is not money
    EXPECT_THROW(row.get<bool>("b"), AppError);
    try {
        row.get<Uuid>("u");
        FAIL();
    } catch (const AppError& e) {
        EXPECT_EQ(e.detail().find("not-a-uuid"), std::string::npos);
    }
}

TEST(Result, IntegerRangeIsChecked) {
    const Result result = make_result({"big"}, {{"2147483648"}});
    EXPECT_EQ(result.one().get<std::int64_t>(0), 2147483648);
    EXPECT_THROW(result.one().get<std::int32_t>(0), AppError);
}

TEST(Result, ColumnsAndRowsByIndexAndName) {
    const Result result = make_result({"a", "B"}, {{"1", "2"}, {"3", "4"}, {"5", "6"}});
    EXPECT_EQ(result.column_index("B"), 1);
    EXPECT_THROW(result.column_index("b"), AppError);  // exact names
    EXPECT_THROW(result.at(3), AppError);
    EXPECT_THROW(result.one(), AppError);
    EXPECT_THROW(result.maybe_one(), AppError);
    EXPECT_THROW(result[0].get<std::string>(2), AppError);
    std::int64_t sum = 0;
    for (const Row row : result) sum += row.get<std::int64_t>("a");
    EXPECT_EQ(sum, 9);
    const Result none = make_result({"a"}, {});
    EXPECT_FALSE(none.maybe_one().has_value());
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(Result{}.affected_rows(), 0);
}

}  // namespace
}  // namespace bh::db
