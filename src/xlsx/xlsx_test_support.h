#pragma once
// For tests that read a workbook back: the project's Python (the venv scripts/bootstrap makes, with
// openpyxl) running tools/xlsx_summary.py or a one-line script. Test targets define BH_SOURCE_DIR.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace bh::xlsx::testing {

// What `command` printed; a failed exit is a test failure.
inline std::string run_command(const std::string& command) {
    std::FILE* pipe = ::popen(command.c_str(), "r");
    EXPECT_NE(pipe, nullptr);
    std::string out;
    char buffer[4096];
    while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    EXPECT_EQ(::pclose(pipe), 0) << out;
    return out;
}

inline std::string python() {
    const char* home = std::getenv("HOME");  // NOLINT(concurrency-mt-unsafe): nothing sets it
    return std::string(home != nullptr ? home : "") + "/.cache/budgethub/venv/bin/python";
}

// tools/xlsx_summary.py with `arguments`, its JSON output.
inline std::string xlsx_summary(const std::string& arguments) {
    return run_command(python() + " " BH_SOURCE_DIR "/tools/xlsx_summary.py " + arguments);
}

}  // namespace bh::xlsx::testing
