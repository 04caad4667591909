// markup_escaped: the five characters with a meaning in HTML and XML, and nothing else.
#include "core/markup_escape.h"

#include <gtest/gtest.h>

namespace bh {
namespace {

TEST(MarkupEscape, EntitiesForTheFiveAndTheRestAsIs) {
    EXPECT_EQ(markup_escaped(R"(<a href="x">Tom & 'Jerry'</a>)"),
              "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
    EXPECT_EQ(markup_escaped("plain ümlaut € \t\n"), "plain ümlaut € \t\n");
    std::string out = "kept:";
    append_markup_escaped(out, "&");
    EXPECT_EQ(out, "kept:&amp;");
}

}  // namespace
}  // namespace bh
