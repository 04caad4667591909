#pragma once
// Text made safe inside HTML or XML: & < > " ' become entities, so the result can stand as element
// text or as an attribute value in either kind of quotes. Used by the e-mail templates and the xlsx
// parts; no other change (control characters are the caller's business).
#include <string>
#include <string_view>

namespace bh {

void append_markup_escaped(std::string& out, std::string_view text);

inline std::string markup_escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    append_markup_escaped(out, text);
    return out;
}

}  // namespace bh
