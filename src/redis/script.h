#pragma once
// A Lua script with its SHA-1, so Client::eval can send the short EVALSHA and fall back to the full
// text only when the server's script cache does not have it (NOSCRIPT: restart, SCRIPT FLUSH,
// failover).
#include <string>

namespace bh::redis {

class Script {
  public:
    explicit Script(std::string text);
    const std::string& text() const { return text_; }
    const std::string& sha1() const { return sha1_; }  // lowercase hex, as SCRIPT LOAD answers

  private:
    std::string text_;
    std::string sha1_;
};

}  // namespace bh::redis
