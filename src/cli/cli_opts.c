/*
 * The option loop every command shared: a table of --name entries, each a
 * value, a flag or a whole number, parsed by getopt_long in one place so
 * that every command answers --help, an unknown option and a bad number in
 * the same way (the help on stdout for --help, on stderr for bad usage);
 * and the choice of a command's subcommand, which they shared as well.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

enum { OPT_HELP = 1000, OPT_FIRST = 1001 };

int cli_parse_options(int argc, char **argv, const struct cli_opt *table, const char *help)
{
	struct option opts[CLI_OPTS_MAX + 2];
	int n = 0, c;
	for (; table[n].name; n++) {
		if (n == CLI_OPTS_MAX) {
			cli_error("too many options in one table");
			return -1;
		}
		opts[n] = (struct option){table[n].name,
					  table[n].value || table[n].number ? required_argument
									    : no_argument,
					  NULL, OPT_FIRST + n};
	}
	opts[n] = (struct option){"help", no_argument, NULL, OPT_HELP};
	opts[n + 1] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_HELP) {
			fputs(help, stdout);
			return 1;
		}
		if (c < OPT_FIRST || c >= OPT_FIRST + n) {
			fputs(help, stderr);
			return -1;
		}
		const struct cli_opt *o = &table[c - OPT_FIRST];
		if (o->number) {
			if (cli_parse_int(optarg, o->min, o->max, o->number)) {
				cli_error("%s", o->bad_number);
				return -1;
			}
		} else if (o->value) {
			*o->value = optarg;
		} else if (o->flag) {
			*o->flag = 1;
		}
	}
	return 0;
}

int cli_dispatch(int argc, char **argv, const char *help, const struct cli_sub *subs,
		 const char *command)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (const struct cli_sub *sub = subs; sub->name; sub++)
		if (strcmp(argv[1], sub->name) == 0)
			return sub->run(argc - 1, argv + 1);
	cli_error("unknown %s command '%s'", command, argv[1]);
	return EXIT_USAGE;
}
