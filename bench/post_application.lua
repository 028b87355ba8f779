-- post_application.lua - wrk script for bench/writes.sh: every request is a
-- new application, POST /api/v1/editions/SLUG/applications with a JSON body
-- and a unique e-mail address (run tag, wrk thread, counter), so that each
-- one is a 201 and a full write transaction rather than a 409. The values are
-- the ones bench/bare_writes.c writes: one of ten organisations in turn.
--
--   wrk -t2 -c16 -d10s --latency -s bench/post_application.lua \
--       http://127.0.0.1:PORT -- SLUG RUN
--
-- SLUG defaults to bench-writes; RUN (default: the current time) tells apart
-- the addresses of several runs against one database. At the end it prints
-- "created N" (201 responses) and "status S N" for every other status, which
-- writes.sh reads next to wrk's own summary.

-- created and others are globals: done() reads them with thread:get.
local threads = {}
local path, run
local counter = 0
created = 0
others = {}
local headers = { ["Content-Type"] = "application/json" }

-- Main state: number the threads; thread_id becomes a global in each.
function setup(thread)
	table.insert(threads, thread)
	thread:set("thread_id", #threads)
end

function init(args)
	local slug = args[1] or "bench-writes"
	run = args[2] or tostring(os.time())
	path = "/api/v1/editions/" .. slug .. "/applications"
end

function request()
	counter = counter + 1
	local body = string.format(
		'{"name":"Bench Applicant","email":"w%s-%d-%d@bench.example",' ..
		'"organisation":"bench organisation %d","organisation_kind":"agency",' ..
		'"function":"Programme lead","initiative_title":"Bench initiative",' ..
		'"theme":"both","motivation":"A benchmark application, written to ' ..
		'measure write throughput.","question":"How do we measure this?",' ..
		'"eligible":true,"consent":true}',
		run, thread_id, counter, counter % 10)
	return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, body)
	if status == 201 then
		created = created + 1
	else
		others[status] = (others[status] or 0) + 1
	end
end

-- Main state again, after the run: add up what the threads counted.
function done(summary, latency, requests)
	local total, by_status = 0, {}
	for _, thread in ipairs(threads) do
		total = total + thread:get("created")
		for status, n in pairs(thread:get("others")) do
			by_status[status] = (by_status[status] or 0) + n
		end
	end
	io.write(string.format("created %d\n", total))
	for status, n in pairs(by_status) do
		io.write(string.format("status %d %d\n", status, n))
	end
end
