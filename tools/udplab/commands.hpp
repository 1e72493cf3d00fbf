// The subcommands: one file each (cmd_*.cpp), dispatched from main.cpp.
#pragma once

#include "cli.hpp"

namespace udplab::cli {

int run_echo(const Args& args);
int run_sim(const Args& args);
int run_serve(const Args& args);
int run_sweep(const Args& args);
int run_remote(const Args& args);
int run_subnet(const Args& args);
int run_request(const Args& args);
int run_chat(const Args& args);
int run_broadcast(const Args& args);
int run_discover(const Args& args);
int run_tftp(const Args& args);
int run_tftpd(const Args& args);

}  // namespace udplab::cli
