#pragma once
// A tiny template language: "{{name}}" is replaced by the value of `name`. In HTML every value is
// HTML-escaped (user data can never add markup or break out of an attribute); in plain text and
// subjects values go in as they are. A name without a value is a programming error (AppError
// Internal), so a template and its composer cannot drift apart silently.
#include <map>
#include <string>
#include <string_view>

namespace bh::notification {

using TemplateValues = std::map<std::string, std::string, std::less<>>;

enum class Escape { None, Html };

// & < > " ' become entities.
std::string html_escape(std::string_view text);

std::string render_template(std::string_view source, const TemplateValues& values, Escape escape);

}  // namespace bh::notification
