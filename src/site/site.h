// The public site: its routes and the pages behind them, rendered from the theme and served
// from the page cache. Built once by app::Engine, which owns what it points to.
#pragma once

#include "cache/page_cache.h"
#include "http/router.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/clock.h"

namespace quire::site {

struct SiteDeps {
  store::Store& store;
  cache::PageCache& cache;
  store::SettingsHolder& settings;  // settings.Get()->home_url is set by the engine
  const util::Clock& clock;
};

class Theme;

class Site {
 public:
  explicit Site(SiteDeps deps);
  ~Site();

  // The route table (site/routes.cc): every public URL in one readable list.
  http::Router Routes();

 private:
  SiteDeps deps_;
  std::unique_ptr<Theme> theme_;
};

}  // namespace quire::site
