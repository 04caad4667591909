#pragma once
// The budget service's files part: object storage, invoices (CRUD and attached files) and the
// movements export. budget_service.cpp creates it in on_started() (the pool exists then), starts it
// and registers its routes before the port opens; on_stopping() stops it.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>

#include "db/pool.h"
#include "http/router.h"
#include "identity/secured_routes.h"
#include "runtime/runtime.h"

namespace bh::budget {

class FilesModule {
  public:
    FilesModule(runtime::Runtime& runtime, db::Pool& pool);
    ~FilesModule();

    // Creates the bucket or directory when missing and starts the export runner.
    boost::asio::awaitable<void> start();
    void register_routes(identity::SecuredRoutes& routes);
    boost::asio::awaitable<void> stop(std::chrono::milliseconds grace);

  private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

}  // namespace bh::budget
