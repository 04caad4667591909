// The listing's ORDER BY from the allow-list and tie-breaker, the keyset condition and cursor, Where's
// numbering, and contains patterns (the page and count queries themselves: db/listing_itest.cpp).
#include "db/listing.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/base64url.h"
#include "core/error.h"

namespace bh::db {
namespace {

const Listing& listing() {
    static const Listing l({.columns = "*",
                            .from = "t",
                            .sort_columns = {{"id", "id"},
                                             {"name", "lower(name)"},
                                             {"budgetType", "lower(t.name)"},
                                             {"email", "lower(email)", Nullable}},
                            .default_sort_field = "id",
                            .tie_breaker = "id"});
    return l;
}

std::string order(std::vector<SortKey> sort) {
    return listing().order_by(PageRequest{.sort = std::move(sort)});
}

TEST(Listing, RulesComeFromTheAllowList) {
    EXPECT_EQ(listing().rules().sort_fields, (std::vector<std::string>{"id", "name", "budgetType", "email"}));
    EXPECT_EQ(listing().rules().default_sort_field, "id");
    EXPECT_EQ(listing().rules().max_size, 100);
}

TEST(Listing, OrderByMapsFieldsAndEndsWithTheTieBreakerInTheFirstDirection) {
    EXPECT_EQ(order({}), "id ASC");
    EXPECT_EQ(order({{"name", false}}), "lower(name) ASC, id ASC");
    EXPECT_EQ(order({{"name", true}}), "lower(name) DESC, id DESC");
    EXPECT_EQ(order({{"budgetType", true}, {"name", false}}), "lower(t.name) DESC, lower(name) ASC, id DESC");
    EXPECT_EQ(order({{"budgetType", true}, {"name", true}}), "lower(t.name) DESC, lower(name) DESC, id DESC");
    // The tie-breaker itself as an order: not repeated.
    EXPECT_EQ(order({{"id", true}, {"name", false}}), "id DESC, lower(name) ASC");
}

TEST(Listing, AFieldOutsideTheAllowListIsAProgrammingError) {
    EXPECT_THROW(order({{"password", false}}), std::logic_error);
    EXPECT_THROW(Listing({.columns = "*", .from = "t", .sort_columns = {}}), std::logic_error);
    EXPECT_THROW(Listing({.sort_columns = {{"id", "id"}}}), std::logic_error);
    EXPECT_EQ(listing().count_from(), "t");  // the page's tables unless told otherwise
}

using Values = std::vector<std::optional<std::string>>;

std::string keyset(std::vector<SortKey> sort, const Values& values, Where* out = nullptr) {
    Where where;
    Listing::add_keyset(where, listing().order(PageRequest{.sort = std::move(sort)}), values);
    if (out) *out = where;
    return where.sql();
}

TEST(Keyset, OneWayNeverNullKeysAreARowComparisonAnIndexCanServe) {
    Where where;
    EXPECT_EQ(keyset({}, {"7"}), " WHERE id > $1");
    EXPECT_EQ(keyset({{"name", true}}, {"bob", "9"}, &where), " WHERE (lower(name), id) < ($1, $2)");
    EXPECT_EQ(where.params().values(), (Values{"bob", "9"}));
}

TEST(Keyset, MixedDirectionsExpandKeyByKey) {
    Where where;
    EXPECT_EQ(keyset({{"budgetType", true}, {"name", false}}, {"food", "bob", "9"}, &where),
              " WHERE (lower(t.name) < $1 OR (lower(t.name) = $2 AND (lower(name) > $3 OR (lower(name) = $4 "
              "AND id < $5))))");
    EXPECT_EQ(where.params().values(), (Values{"food", "food", "bob", "bob", "9"}));
}

TEST(Keyset, NullableKeysPlaceNullsWherePostgresSortsThem) {
    // Ascending: NULLs last. After a value come greater values and every NULL; after a NULL only
    // the NULLs with a greater tie-breaker.
    EXPECT_EQ(keyset({{"email", false}}, {"a@x", "3"}),
              " WHERE ((lower(email) > $1 OR lower(email) IS NULL) OR (lower(email) = $2 AND id > $3))");
    EXPECT_EQ(keyset({{"email", false}}, {std::nullopt, "3"}),
              " WHERE (FALSE OR (lower(email) IS NULL AND id > $1))");
    // Descending: NULLs first. After a NULL come the other NULLs and then every value.
    EXPECT_EQ(keyset({{"email", true}}, {std::nullopt, "3"}),
              " WHERE (lower(email) IS NOT NULL OR (lower(email) IS NULL AND id < $1))");
    EXPECT_EQ(keyset({{"email", true}}, {"a@x", "3"}),
              " WHERE (lower(email) < $1 OR (lower(email) = $2 AND id < $3))");
}

TEST(Cursor, CarriesTheLastRowsKeysForItsOrderOnly) {
    const auto by_name = listing().order(PageRequest{.sort = {{"name", false}}});
    const Listing::Cursor values{.values = {"a:b\n-x", "42"}, .total = 10000, .total_capped = true};
    const auto cursor = Listing::encode_cursor(by_name, values);
    ASSERT_TRUE(cursor);
    EXPECT_EQ(cursor->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);  // safe in a query string as it is
    EXPECT_EQ(Listing::decode_cursor(by_name, *cursor), values);

    const auto by_email = listing().order(PageRequest{.sort = {{"email", true}}});
    const Listing::Cursor with_null{.values = {std::nullopt, "5"}, .total = 7};
    EXPECT_EQ(Listing::decode_cursor(by_email, *Listing::encode_cursor(by_email, with_null)), with_null);

    const auto refused_on_after = [](const auto& order, std::string_view text) {
        try {
            Listing::decode_cursor(order, text);
            return false;
        } catch (const AppError& e) {
            return e.kind() == ErrorKind::BadRequest && e.field_errors().size() == 1 &&
                   e.field_errors()[0].field == "after";
        }
    };
    // Another order (or direction), another listing's order, garbage, a cut or padded cursor.
    EXPECT_TRUE(refused_on_after(listing().order(PageRequest{.sort = {{"name", true}}}), *cursor));
    EXPECT_TRUE(refused_on_after(by_email, *cursor));
    EXPECT_TRUE(refused_on_after(by_name, "not a cursor!"));
    EXPECT_TRUE(refused_on_after(by_name, cursor->substr(0, cursor->size() - 3)));
    EXPECT_TRUE(refused_on_after(by_name, *cursor + "AAAA"));
    EXPECT_TRUE(refused_on_after(by_name, std::string(kMaxCursorBytes + 1, 'A')));
    // NULL where the key cannot be NULL.
    EXPECT_TRUE(refused_on_after(by_name, base64url_encode(std::string("name+,~+\n-2:42\n9"))));
    // No total, or one that is not a number.
    EXPECT_TRUE(refused_on_after(by_name, base64url_encode(std::string("name+,~+\n1:a2:42"))));
    EXPECT_TRUE(refused_on_after(by_name, base64url_encode(std::string("name+,~+\n1:a2:42\n9x"))));
    EXPECT_TRUE(
        refused_on_after(by_name, base64url_encode(std::string("name+,~+\n1:a2:42\n99999999999999999999"))));
    // A last row too long to carry: no cursor (the client pages by number there).
    EXPECT_FALSE(Listing::encode_cursor(by_name, {.values = {std::string(kMaxCursorBytes, 'x'), "1"}}));
}

TEST(Where, NumbersEachParameterInTurn) {
    Where where;
    EXPECT_EQ(where.sql(), "");
    where.add("m.status = $", std::string("ACCEPTED"))
        .add("m.date_of_emission >= $::date", std::string("2024-01-01"));
    EXPECT_EQ(where.sql(), " WHERE m.status = $1 AND m.date_of_emission >= $2::date");
    ASSERT_EQ(where.params().size(), 2u);
    EXPECT_EQ(where.params().values()[1], "2024-01-01");
}

TEST(ContainsPattern, EscapesTheWildcards) {
    EXPECT_EQ(contains_pattern("ab"), "%ab%");
    EXPECT_EQ(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
}

}  // namespace
}  // namespace bh::db
