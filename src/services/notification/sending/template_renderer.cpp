#include "services/notification/sending/template_renderer.h"

#include "core/error.h"
#include "core/markup_escape.h"

namespace bh::notification {

std::string html_escape(std::string_view text) {
    return markup_escaped(text);
}

std::string render_template(std::string_view source, const TemplateValues& values, Escape escape) {
    std::string out;
    out.reserve(source.size() + 256);
    std::size_t position = 0;
    while (true) {
        const auto open = source.find("{{", position);
        if (open == std::string_view::npos) break;
        const auto close = source.find("}}", open + 2);
        if (close == std::string_view::npos) throw internal("template: unclosed {{");
        out.append(source.substr(position, open - position));
        const auto name = source.substr(open + 2, close - open - 2);
        const auto found = values.find(name);
        if (found == values.end()) throw internal("template: no value for {{" + std::string(name) + "}}");
        out += escape == Escape::Html ? html_escape(found->second) : found->second;
        position = close + 2;
    }
    out.append(source.substr(position));
    return out;
}

}  // namespace bh::notification
