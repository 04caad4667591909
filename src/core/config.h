#pragma once
// Configuration values: loaded against a schema of keys, each with its type, default, bounds and
// description. Values come from the defaults, then a YAML file, then BUDGETHUB_* environment
// variables (env wins). Unknown keys, bad types and out-of-range values are all reported together
// at start-up; secrets print as "****".
// The keys are declared by each area next to its code as typed settings (core/settings.h), which
// are also the only readers of the values; app/config_schema.cpp joins them into the schema.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bh {

enum class ConfigType { String, Int, Bool, DurationMs };

struct ConfigKey {
    std::string name;  // dotted path, e.g. "postgres.pool_size"
    ConfigType type;
    std::string default_value;
    std::string description;
    bool secret = false;
    std::int64_t min = 0;  // Int and DurationMs only
    std::int64_t max = INT64_MAX;
    std::vector<std::string> choices = {};  // String only; empty = any
};

namespace settings {
template <class S>
class Declaration;
}

// "****" for a secret; a URL with user-info keeps its scheme, host and path ("postgresql://****@db/x"),
// any other value holding "://" only its scheme.
std::string mask_secret(std::string_view value);

// True when group or others may do anything with `file` (or its mode cannot be read): a file of
// secrets (a config holding them, a TLS key) must be its owner's alone.
bool open_to_others(const std::filesystem::path& file);

class ConfigError : public std::runtime_error {
  public:
    explicit ConfigError(std::vector<std::string> problems);
    const std::vector<std::string>& problems() const { return problems_; }

  private:
    std::vector<std::string> problems_;
};

class Config {
  public:
    using Environment = std::map<std::string, std::string>;

    // Throws ConfigError listing every problem found; also when the file sets a secret and is open to
    // group or others (secrets come from the environment or from a file only its owner can read).
    static Config load(const std::optional<std::filesystem::path>& yaml_file, const Environment& env,
                       const std::vector<ConfigKey>& schema);
    static Config load_yaml_text(std::string_view yaml, const Environment& env,
                                 const std::vector<ConfigKey>& schema);
    static Environment process_environment();
    // BUDGETHUB_POSTGRES_POOL_SIZE for "postgres.pool_size".
    static std::string env_name(std::string_view key);

    // "key = value" lines, secrets masked: safe to log.
    std::vector<std::string> describe() const;

  private:
    // Values are read only through a typed declaration (core/settings.h), never by key elsewhere.
    template <class S>
    friend class settings::Declaration;
    const std::string& get_string(std::string_view key) const;
    std::int64_t get_int(std::string_view key) const;
    bool get_bool(std::string_view key) const;
    // Durations are written "250", "250ms", "2s", "5m", "12h" or "30d".
    std::chrono::milliseconds get_duration(std::string_view key) const;

    struct Entry {
        const ConfigKey* key;
        std::string value;
        std::string source;  // default | file | env
    };
    const Entry& entry(std::string_view key, ConfigType type) const;
    void require_private_if_secret(const std::filesystem::path& file) const;
    std::map<std::string, Entry, std::less<>> values_;
};

}  // namespace bh
