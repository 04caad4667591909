#pragma once
// Injectable time: business code asks a Clock, tests hand it a ManualClock.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace bh {

class Clock {
  public:
    virtual ~Clock() = default;
    virtual std::chrono::system_clock::time_point now() const = 0;
    std::int64_t unix_millis() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch()).count();
    }
    std::int64_t unix_seconds() const {
        return std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count();
    }
};

class SystemClock final : public Clock {
  public:
    std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
};

class ManualClock final : public Clock {
  public:
    explicit ManualClock(std::chrono::system_clock::time_point start)
        : now_(start.time_since_epoch().count()) {}
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::time_point(std::chrono::system_clock::duration(now_.load()));
    }
    void advance(std::chrono::system_clock::duration by) { now_ += by.count(); }

  private:
    std::atomic<std::chrono::system_clock::rep> now_;
};

// The process-wide real clock.
const Clock& system_clock();

}  // namespace bh
