#include "storage/object_key.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"

namespace bh::storage {
namespace {

TEST(ObjectKey, AcceptsPlainSegmentedKeys) {
    EXPECT_TRUE(is_valid_object_key("exports/0190a1b2-c3d4.xlsx"));
    EXPECT_TRUE(is_valid_object_key("invoices/a_b-c.pdf"));
    EXPECT_TRUE(is_valid_object_key("x"));
    EXPECT_TRUE(is_valid_object_key(std::string(512, 'a')));
}

TEST(ObjectKey, RejectsTraversalEmptySegmentsAndOddCharacters) {
    for (const char* key : {"", "/a", "a/", "a//b", "../a", "a/../b", "./a", "a/.", "a b", "a%2f", "a\\b",
                            "é", "a?b", "a#b", "a\nb"}) {
        EXPECT_FALSE(is_valid_object_key(key)) << key;
    }
    EXPECT_FALSE(is_valid_object_key(std::string(513, 'a')));
    EXPECT_THROW(require_valid_object_key("../etc/passwd"), AppError);
}

}  // namespace
}  // namespace bh::storage
