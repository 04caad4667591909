// Form encoding: percent-encoding per application/x-www-form-urlencoded and the bracket-notation
// helpers.
#include "stripe/form.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace bh::stripe {
namespace {

TEST(PercentEncode, KeepsUnreservedAndEncodesTheRest) {
    EXPECT_EQ(percent_encode("abcXYZ019*-._"), "abcXYZ019*-._");
    EXPECT_EQ(percent_encode("a b"), "a+b");
    EXPECT_EQ(percent_encode("1+1=2&x"), "1%2B1%3D2%26x");
    EXPECT_EQ(percent_encode("metadata[items]"), "metadata%5Bitems%5D");
    EXPECT_EQ(percent_encode("~/?#%"), "%7E%2F%3F%23%25");
    EXPECT_EQ(percent_encode(""), "");
}

TEST(PercentEncode, EncodesUtf8BytesUpperCase) {
    EXPECT_EQ(percent_encode("Zoë ✓"), "Zo%C3%AB+%E2%9C%93");
    EXPECT_EQ(percent_encode(std::string("a\0b", 3)), "a%00b");
    EXPECT_EQ(percent_encode("\n"), "%0A");
}

TEST(EncodeForm, JoinsPairsInOrder) {
    const Form form{{"metadata[a b]", "x+y&z=1"}, {"name", "Zoë ✓"}, {"amount", "100"}, {"empty", ""}};
    EXPECT_EQ(encode_form(form), "metadata%5Ba+b%5D=x%2By%26z%3D1&name=Zo%C3%AB+%E2%9C%93&amount=100&empty=");
    EXPECT_EQ(encode_form({}), "");
}

TEST(AddIfSet, SkipsEmptyValues) {
    Form form;
    add_if_set(form, "customer", "");
    add_if_set(form, "receipt_email", "a@b.c");
    ASSERT_EQ(form.size(), 1U);
    EXPECT_EQ(form[0], FormField("receipt_email", "a@b.c"));
}

TEST(AddMetadata, UsesBracketsUnderThePrefix) {
    Form form;
    add_metadata(form, "payment_intent_data[metadata]", Metadata{{"payment_id", "p1"}, {"a", "1"}});
    ASSERT_EQ(form.size(), 2U);
    EXPECT_EQ(form[0], FormField("payment_intent_data[metadata][a]", "1"));
    EXPECT_EQ(form[1], FormField("payment_intent_data[metadata][payment_id]", "p1"));
    EXPECT_EQ(
        encode_form(form),
        "payment_intent_data%5Bmetadata%5D%5Ba%5D=1&payment_intent_data%5Bmetadata%5D%5Bpayment_id%5D=p1");
}

TEST(AddFlattened, NestsObjectsAndArraysInOrder) {
    const auto value = boost::json::parse(R"({
        "price_data": {"currency": "eur", "unit_amount": 14760,
                       "product_data": {"name": "Chairs", "metadata": {"supplier_id": "s1"}}},
        "quantity": 1,
        "tags": ["a", "b"],
        "enabled": true,
        "ratio": 12.5,
        "cleared": null,
        "nothing": {}
    })");
    Form form;
    add_flattened(form, "line_items[0]", value);
    const Form expected{{"line_items[0][price_data][currency]", "eur"},
                        {"line_items[0][price_data][unit_amount]", "14760"},
                        {"line_items[0][price_data][product_data][name]", "Chairs"},
                        {"line_items[0][price_data][product_data][metadata][supplier_id]", "s1"},
                        {"line_items[0][quantity]", "1"},
                        {"line_items[0][tags][0]", "a"},
                        {"line_items[0][tags][1]", "b"},
                        {"line_items[0][enabled]", "true"},
                        {"line_items[0][ratio]", "12.50"},
                        {"line_items[0][cleared]", ""}};
    EXPECT_EQ(form, expected);
}

TEST(AddFlattened, ScalarAtTheTopUsesThePrefixAsKey) {
    Form form;
    add_flattened(form, "amount", boost::json::value(std::int64_t{42}));
    add_flattened(form, "big", boost::json::value(std::uint64_t{18446744073709551615ULL}));
    ASSERT_EQ(form.size(), 2U);
    EXPECT_EQ(form[0], FormField("amount", "42"));
    EXPECT_EQ(form[1], FormField("big", "18446744073709551615"));
}

}  // namespace
}  // namespace bh::stripe
