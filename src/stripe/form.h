#pragma once
// Stripe's request bodies and query strings: ordered application/x-www-form-urlencoded pairs whose
// keys already use Stripe's bracket notation for nested values (`metadata[order]`,
// `line_items[0][price_data][currency]`). The helpers below build those keys; encode_form() writes
// the wire form.
#include <boost/json/fwd.hpp>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bh::stripe {

using FormField = std::pair<std::string, std::string>;
using Form = std::vector<FormField>;
// Stripe metadata: string keys and values (ordered, so the same map always encodes the same).
using Metadata = std::map<std::string, std::string>;

// application/x-www-form-urlencoded (WHATWG): ASCII letters, digits and `*-._` stay, a space becomes
// `+`, every other byte (UTF-8 bytes, `+`, `&`, `=`, `[`, `]`, ...) becomes %XX (upper-case hex).
std::string percent_encode(std::string_view text);

// "k1=v1&k2=v2" in the form's order, keys and values percent-encoded; "" for an empty form.
std::string encode_form(const Form& form);

// Appends `key=value` only when value is not empty (Stripe's optional parameters).
void add_if_set(Form& form, std::string key, std::string value);

// Appends `prefix[key]=value` for each entry: `add_metadata(form, "metadata", m)`,
// `add_metadata(form, "payment_intent_data[metadata]", m)`.
void add_metadata(Form& form, std::string_view prefix, const Metadata& metadata);

// Appends a JSON value flattened into bracket notation under `prefix`: an object's members as
// `prefix[name]`, an array's elements as `prefix[0]`, `prefix[1]`, ...; strings as they are,
// integers in decimal, doubles in plain decimal ("12.50"), booleans as `true`/`false`, null as an
// empty value (Stripe's way to unset a field). An empty object or array adds nothing.
// Example: add_flattened(form, "line_items[0]", {{"quantity", 1}, {"price_data", {{"currency", "eur"}}}})
// adds `line_items[0][quantity]=1` and `line_items[0][price_data][currency]=eur`.
void add_flattened(Form& form, const std::string& prefix, const boost::json::value& value);

}  // namespace bh::stripe
