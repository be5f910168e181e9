// Backends() of refserver_store_test: the stores that need no server.
#include "server/store/store_contract_fixture.h"

namespace refserver::contract {

std::vector<Backend> Backends() {
  Backend sqlite_file;
  sqlite_file.name = "SqliteFile";
  sqlite_file.expected_health_backend = "sqlite";
  sqlite_file.config = [](const std::string& dir) {
    StoreConfig c;
    c.db_url = "sqlite://meta.db";
    c.data_dir = dir;
    return c;
  };
  sqlite_file.storage_path = [](const std::string& dir, const std::string& ns) {
    return dir + "/ns_" + ns + ".db";
  };
  sqlite_file.min_connections = 2;  // registry + default's database

  Backend sqlite_memory;
  sqlite_memory.name = "SqliteMemory";
  sqlite_memory.expected_health_backend = "sqlite";
  sqlite_memory.config = [](const std::string&) {
    StoreConfig c;
    c.in_memory = true;
    return c;
  };
  sqlite_memory.persistent = false;
  sqlite_memory.min_connections = 2;

  Backend pebble;
  pebble.name = "Pebble";
  pebble.expected_health_backend = "pebble";
  pebble.config = [](const std::string& dir) {
    StoreConfig c;
    c.db_url = "pebble://" + dir + "/pebble";
    return c;
  };
  pebble.storage_path = [](const std::string& dir, const std::string& ns) {
    return dir + "/pebble/" + ns;
  };
  pebble.min_connections = 2;

  return {sqlite_file, sqlite_memory, pebble};
}

}  // namespace refserver::contract
