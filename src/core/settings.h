#pragma once
// Typed settings, in the style of Redpanda's configuration properties: an area (a library or a
// service) declares a plain struct of its settings and binds each member to a configuration key
// with its default, bounds and documentation line, in a file next to the code that uses it.
//
//   struct PoolSettings { std::string url; std::size_t size = 0; std::chrono::milliseconds wait{}; };
//   const settings::Declaration<PoolSettings>& pool_settings() {
//       static const auto declaration = settings::Declaration<PoolSettings>()
//           .text(&PoolSettings::url, "postgres.url", "postgresql://...", "Server URL", {.secret = true})
//           .integer(&PoolSettings::size, "postgres.pool_size", 8, "Connections", {.min = 1, .max = 512})
//           .duration(&PoolSettings::wait, "postgres.acquire_timeout", "5s", "Wait", {.max = 10min});
//       return declaration;
//   }
//
// The declaration is both that area's part of the schema (keys(), joined into the one schema by
// app/config_schema.cpp) and the only reader of those keys (read()): the rest of the code sees
// typed members, never a key string. The member's type gives the key's type; a declaration whose
// bounds do not fit its member, or a key declared twice, is a programming error that throws when
// the declaration is built (at start, before anything is served).
#include <algorithm>
#include <chrono>
#include <concepts>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/config.h"

namespace bh::settings {

// Inclusive bounds of an integer setting.
struct Range {
    std::int64_t min = 0;
    std::int64_t max = std::numeric_limits<std::int64_t>::max();
};

// Inclusive bounds of a duration setting.
struct DurationRange {
    std::chrono::milliseconds min{0};
    std::chrono::milliseconds max = std::chrono::milliseconds::max();
};

struct TextRule {
    bool secret = false;                    // printed as "****" (a URL: only its user-info part)
    std::vector<std::string> choices = {};  // empty = any text
};

// "a, b,,c " → {"a", "b", "c"}.
std::vector<std::string> split_list(const std::string& text);

template <class S>
class Declaration {
  public:
    Declaration& text(std::string S::*member, std::string name, std::string default_value, std::string doc,
                      TextRule rule = {}) {
        return add(
            {std::move(name), ConfigType::String, std::move(default_value), std::move(doc), rule.secret, 0, 0,
             std::move(rule.choices)},
            [member](S& s, const Config& c, const std::string& key) { s.*member = c.get_string(key); });
    }

    // A comma-separated list; items are trimmed and empty ones dropped.
    Declaration& list(std::vector<std::string> S::*member, std::string name, std::string default_value,
                      std::string doc, TextRule rule = {}) {
        return add({std::move(name), ConfigType::String, std::move(default_value), std::move(doc),
                    rule.secret, 0, 0, std::move(rule.choices)},
                   [member](S& s, const Config& c, const std::string& key) {
                       s.*member = split_list(c.get_string(key));
                   });
    }

    template <std::integral I>
    requires(!std::same_as<I, bool>) Declaration& integer(I S::*member, std::string name,
                                                          std::type_identity_t<I> default_value,
                                                          std::string doc, Range range) {
        if (!fits<I>(range.min) || !fits<I>(range.max) || range.min > range.max)
            throw std::logic_error("setting " + name + ": bounds do not fit its member");
        return add({std::move(name), ConfigType::Int, std::to_string(default_value), std::move(doc), false,
                    range.min, range.max},
                   [member](S& s, const Config& c, const std::string& key) {
                       s.*member = static_cast<I>(c.get_int(key));
                   });
    }

    Declaration& flag(bool S::*member, std::string name, bool default_value, std::string doc) {
        return add({std::move(name), ConfigType::Bool, default_value ? "true" : "false", std::move(doc)},
                   [member](S& s, const Config& c, const std::string& key) { s.*member = c.get_bool(key); });
    }

    // Written "250ms", "2s", "5m", "12h", "30d" (or bare milliseconds); the member may be coarser
    // (seconds), the value is then truncated to it.
    template <class Rep, class Period>
    Declaration& duration(std::chrono::duration<Rep, Period> S::*member, std::string name,
                          std::string default_value, std::string doc, DurationRange range) {
        if (range.min > range.max) throw std::logic_error("setting " + name + ": bounds reversed");
        return add({std::move(name), ConfigType::DurationMs, std::move(default_value), std::move(doc), false,
                    range.min.count(), range.max.count()},
                   [member](S& s, const Config& c, const std::string& key) {
                       s.*member = std::chrono::duration_cast<std::chrono::duration<Rep, Period>>(
                           c.get_duration(key));
                   });
    }

    // A member that is itself a declared struct: its keys join this declaration's.
    template <class N>
    Declaration& nested(N S::*member, const Declaration<N>& inner) {
        for (std::size_t i = 0; i < inner.keys_.size(); ++i) {
            add(inner.keys_[i],
                [member, read = inner.readers_[i]](S& s, const Config& c, const std::string& key) {
                    read(s.*member, c, key);
                });
        }
        return *this;
    }

    const std::vector<ConfigKey>& keys() const { return keys_; }

    // The typed values; `config` must have been loaded with a schema holding keys().
    S read(const Config& config) const {
        S settings{};
        for (std::size_t i = 0; i < keys_.size(); ++i) readers_[i](settings, config, keys_[i].name);
        return settings;
    }

  private:
    template <class>
    friend class Declaration;
    using Reader = std::function<void(S&, const Config&, const std::string&)>;

    template <class I>
    static bool fits(std::int64_t value) {
        return std::in_range<I>(value);
    }

    Declaration& add(ConfigKey key, Reader reader) {
        const auto same = [&](const ConfigKey& k) { return k.name == key.name; };
        if (std::any_of(keys_.begin(), keys_.end(), same))
            throw std::logic_error("setting " + key.name + " declared twice");
        keys_.push_back(std::move(key));
        readers_.push_back(std::move(reader));
        return *this;
    }

    std::vector<ConfigKey> keys_;
    std::vector<Reader> readers_;
};

// The keys of several declarations, in order, as one schema (a key in two of them throws).
std::vector<ConfigKey> join(const std::vector<std::reference_wrapper<const std::vector<ConfigKey>>>& parts);

}  // namespace bh::settings
