#include "core/config.h"

#include <unistd.h>  // environ
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>

#include "core/file_text.h"

namespace bh {

namespace {

// Variables that steer the scripts and the binary itself rather than a config key.
constexpr std::string_view kReservedEnv[] = {"BUDGETHUB_CONFIG", "BUDGETHUB_TOOLS", "BUDGETHUB_RUN",
                                             "BUDGETHUB_DATA", "BUDGETHUB_BINARY"};

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// Durations: a bare number is milliseconds; suffixes ms, s, m are accepted.
std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
    std::int64_t scale = 1;
    if (text.ends_with("ms")) {
        text.remove_suffix(2);
    } else if (text.ends_with('s')) {
        text.remove_suffix(1);
        scale = 1000;
    } else if (text.ends_with('m')) {
        text.remove_suffix(1);
        scale = 60'000;
    } else if (text.ends_with('h')) {
        text.remove_suffix(1);
        scale = 3'600'000;
    } else if (text.ends_with('d')) {
        text.remove_suffix(1);
        scale = 86'400'000;
    }
    auto value = parse_int(text);
    if (!value || *value > INT64_MAX / scale) return std::nullopt;
    return *value * scale;
}

std::optional<bool> parse_bool(std::string_view text) {
    if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
    if (text == "false" || text == "0" || text == "no" || text == "off") return false;
    return std::nullopt;
}

std::optional<std::string> validate(const ConfigKey& key, const std::string& value) {
    const auto in_range = [&](std::optional<std::int64_t> v) -> std::optional<std::string> {
        if (!v) return "expects " + std::string(key.type == ConfigType::Int ? "an integer" : "a duration");
        if (*v < key.min || *v > key.max) {
            return "must be between " + std::to_string(key.min) + " and " + std::to_string(key.max);
        }
        return std::nullopt;
    };
    switch (key.type) {
        case ConfigType::Int:
            return in_range(parse_int(value));
        case ConfigType::DurationMs:
            return in_range(parse_duration_ms(value));
        case ConfigType::Bool:
            if (!parse_bool(value)) return "expects true or false";
            return std::nullopt;
        case ConfigType::String:
            if (!key.choices.empty() &&
                std::find(key.choices.begin(), key.choices.end(), value) == key.choices.end()) {
                std::string all;
                for (const auto& c : key.choices) all += (all.empty() ? "" : "|") + c;
                return "must be one of " + all;
            }
            return std::nullopt;
    }
    return std::nullopt;
}

// Bounds of a configuration file: keys nest a few levels, and a file holds a few hundred values at
// most. They stop a YAML alias that refers to its own mapping (endless) or aliases of aliases
// (exponential) from exhausting the stack or the memory.
constexpr int kMaxDepth = 16;
constexpr std::size_t kMaxNodes = 10'000;

void flatten(const YAML::Node& node, const std::string& prefix, std::map<std::string, std::string>& out,
             std::vector<std::string>& problems, int depth, std::size_t& nodes) {
    if (++nodes > kMaxNodes) {
        if (nodes == kMaxNodes + 1)
            problems.emplace_back("the config file is too large (or its aliases expand)");
        return;
    }
    if (depth > kMaxDepth) {
        problems.push_back(prefix + ": nested too deep (or an alias refers to itself)");
        return;
    }
    if (node.IsMap()) {
        for (const auto& item : node) {
            if (!item.first.IsScalar()) {
                problems.push_back(prefix + ": a key must be a plain name");
                continue;
            }
            const auto name = item.first.Scalar();
            std::string path = prefix;
            if (!path.empty()) path += '.';
            path += name;
            flatten(item.second, path, out, problems, depth + 1, nodes);
            if (nodes > kMaxNodes) return;
        }
    } else if (node.IsScalar()) {
        out[prefix] = node.Scalar();
    } else if (node.IsNull()) {
        if (!prefix.empty()) problems.push_back(prefix + ": has no value");
    } else {
        problems.push_back(prefix + ": lists are not supported; use a comma-separated string");
    }
}

}  // namespace

ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error([&] {
          std::string text = "invalid configuration:";
          for (const auto& p : problems) text += "\n  - " + p;
          return text;
      }()),
      problems_(std::move(problems)) {}

std::string Config::env_name(std::string_view key) {
    std::string name = "BUDGETHUB_";
    for (char c : key)
        name.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return name;
}

Config::Environment Config::process_environment() {
    Environment env;
    for (char** e = environ; e && *e; ++e) {
        std::string_view entry(*e);
        const auto eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
    }
    return env;
}

Config Config::load(const std::optional<std::filesystem::path>& yaml_file, const Environment& env,
                    const std::vector<ConfigKey>& schema) {
    std::string text;
    if (yaml_file) {
        auto read = read_file_text(*yaml_file);
        if (!read) throw ConfigError({"cannot read config file " + yaml_file->string()});
        text = std::move(*read);
    }
    auto config = load_yaml_text(text, env, schema);
    if (yaml_file) config.require_private_if_secret(*yaml_file);
    return config;
}

bool open_to_others(const std::filesystem::path& file) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto permissions = fs::status(file, ec).permissions();
    constexpr auto kOthers = fs::perms::group_all | fs::perms::others_all;
    return ec || (permissions & kOthers) != fs::perms::none;
}

void Config::require_private_if_secret(const std::filesystem::path& file) const {
    std::string secrets;
    for (const auto& [name, entry] : values_) {
        if (entry.key->secret && entry.source == "file") secrets += (secrets.empty() ? "" : ", ") + name;
    }
    if (secrets.empty()) return;
    if (open_to_others(file)) {
        throw ConfigError({"config file " + file.string() + " holds secrets (" + secrets +
                           ") and is open to group or others: chmod 600 it, or pass them as BUDGETHUB_* "
                           "environment variables"});
    }
}

Config Config::load_yaml_text(std::string_view yaml, const Environment& env,
                              const std::vector<ConfigKey>& schema) {
    Config config;
    std::vector<std::string> problems;
    std::map<std::string, const ConfigKey*> by_env;
    for (const auto& key : schema) {
        config.values_.emplace(key.name, Entry{&key, key.default_value, "default"});
        by_env.emplace(env_name(key.name), &key);
    }

    std::map<std::string, std::string> from_file;
    try {
        const auto root = YAML::Load(std::string(yaml));
        if (!root.IsNull() && !root.IsMap()) {
            problems.emplace_back("the config file must be a mapping");
        } else {
            std::size_t nodes = 0;
            flatten(root, "", from_file, problems, 0, nodes);
        }
    } catch (const YAML::Exception& e) {
        problems.push_back(std::string("config file: ") + e.what());
    }
    for (const auto& [name, value] : from_file) {
        auto it = config.values_.find(name);
        if (it == config.values_.end()) {
            problems.push_back(name + ": unknown key");
            continue;
        }
        it->second.value = value;
        it->second.source = "file";
    }
    for (const auto& [name, value] : env) {
        if (!name.starts_with("BUDGETHUB_")) continue;
        if (std::find(std::begin(kReservedEnv), std::end(kReservedEnv), name) != std::end(kReservedEnv))
            continue;
        auto key = by_env.find(name);
        if (key == by_env.end()) {
            problems.push_back(name + ": unknown environment variable");
            continue;
        }
        auto& entry = config.values_.find(key->second->name)->second;
        entry.value = value;
        entry.source = "env";
    }
    for (const auto& [name, entry] : config.values_) {
        if (auto problem = validate(*entry.key, entry.value)) {
            problems.push_back(name + " (" + entry.source + "): " + *problem);
        }
    }
    if (!problems.empty()) throw ConfigError(std::move(problems));
    return config;
}

const Config::Entry& Config::entry(std::string_view key, ConfigType type) const {
    auto it = values_.find(key);
    if (it == values_.end()) throw std::logic_error("undeclared config key " + std::string(key));
    if (it->second.key->type != type)
        throw std::logic_error("config key read as the wrong type: " + std::string(key));
    return it->second;
}

const std::string& Config::get_string(std::string_view key) const {
    return entry(key, ConfigType::String).value;
}
std::int64_t Config::get_int(std::string_view key) const {
    return *parse_int(entry(key, ConfigType::Int).value);
}
bool Config::get_bool(std::string_view key) const {
    return *parse_bool(entry(key, ConfigType::Bool).value);
}
std::chrono::milliseconds Config::get_duration(std::string_view key) const {
    return std::chrono::milliseconds(*parse_duration_ms(entry(key, ConfigType::DurationMs).value));
}

std::string mask_secret(std::string_view value) {
    if (value.empty()) return {};
    // A URL keeps its scheme, host and path readable; only the user-info part is hidden.
    // Anything else, a URL without user-info included (it may be a password holding "://"), is hidden
    // after its scheme.
    const auto scheme = value.find("://");
    const auto at = value.rfind('@');
    if (scheme == std::string_view::npos) return "****";
    if (at == std::string_view::npos || at < scheme) return std::string(value.substr(0, scheme + 3)) + "****";
    return std::string(value.substr(0, scheme + 3)) + "****" + std::string(value.substr(at));
}

std::vector<std::string> Config::describe() const {
    std::vector<std::string> lines;
    for (const auto& [name, entry] : values_) {
        const std::string shown = entry.key->secret ? mask_secret(entry.value) : entry.value;
        std::string line = name;
        line.append(" = ").append(shown).append("  (").append(entry.source).append(")");
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace bh
