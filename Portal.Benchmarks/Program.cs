using Portal.Benchmarks;

// Commands:
//   ledger [--postgres CONNECTION] [--entries N]   ledger throughput, verification and proof figures
//   append --provider P --connection C --key FILE --origin O --count N [--batch B] [--writers W]
//                                                  a writer process, for multi-process tests and benchmarks
//   flows [--flows N] [--workers W] [--individuals P] [--flag-rules false] [--telemetry off|metrics|on] [--sample 0.1] [--ef-traces false]
//                                                  full fund flows per second through the service layer (P% paid to individuals);
//                                                  --telemetry: metrics, or metrics and traces, exported with OTLP to a local sink
//   otlp-sink [--port 4318] [--seconds 0]          a local OTLP/HTTP endpoint that drops what it gets, for a portal under bench
//   api --url http://127.0.0.1:PORT [--samples N] [--pid SERVER_PID]
//                                                  open-data API latency and CSV export against a running portal
//   anomalies --url http://127.0.0.1:PORT --password SUPERVISOR_PASSWORD [--samples N]
//                                                  the supervisors' flag list: first, filtered and next pages
//   exports --url http://127.0.0.1:PORT [--pid SERVER_PID] [--region 520102] [--samples 20]
//                                                  IATI, OCDS and CSV of everything (time, server memory) and of one county
//   pages --url http://127.0.0.1:PORT [--samples N] [--pages N] [--chromium PATH]
//                                                  public pages' server time, and explorer page changes in Chromium
//   record-check --url http://127.0.0.1:PORT [--records 30] [--chromium PATH]
//                                                  a record page's full check in Chromium, click to verdict
//   stream-check --url http://127.0.0.1:PORT --database CONNECTION [--provider sqlite] [--blocks 100] [--after HEIGHT] [--chromium PATH]
//                                                  the live page's per-block check in Chromium (entries bound to the tree)
//   tiles --url http://127.0.0.1:PORT [--samples 500] [--all true]
//                                                  C2SP tiles: full tile and bundle latency; with --all, every level-0 tile and bundle
//   feed --url http://127.0.0.1:PORT --password OFFICIAL_PASSWORD [--clients 500[,1000,...]] [--rate 100] [--seconds 20] [--warmup 5] [--pid SERVER_PID]
//                                                  live feed: every client gets every block, commit-to-client latency
//   feedback --url http://127.0.0.1:PORT [--clients 64] [--count 20000] [--warmup 2000]
//                                                  citizens' feedback through the HTTP API: receipts per second, round trip
//   load --url http://127.0.0.1:PORT [--connections 100] [--seconds 60] [--kinds api,proof,page]
//                                                  sustained load on the public API and pages: requests/s, p99, errors
//   visitors --url http://127.0.0.1:PORT --pid SERVER_PID [--paths /,/disbursements] [--counts 30,300] [--hold 20]
//                                                  server memory per anonymous visitor holding a page open in Chromium
//   soak --url http://127.0.0.1:PORT --pid SERVER_PID [--clients 50] [--minutes 10]
//                                                  live-feed clients against the simulator: no dropped blocks, memory
//   micro [BenchmarkDotNet args]                  BenchmarkDotNet micro-benchmarks of hashing and tree math
return args.FirstOrDefault() switch
{
    "ledger" => await LedgerBench.RunAsync(Arguments.Parse(args[1..])),
    "append" => await AppendWorker.RunAsync(Arguments.Parse(args[1..])),
    "flows" => await FlowBench.RunAsync(Arguments.Parse(args[1..])),
    "api" => await ApiBench.RunAsync(Arguments.Parse(args[1..])),
    "anomalies" => await AnomalyBench.RunAsync(Arguments.Parse(args[1..])),
    "exports" => await ExportBench.RunAsync(Arguments.Parse(args[1..])),
    "pages" => await PageBench.RunAsync(Arguments.Parse(args[1..])),
    "record-check" => await RecordCheckBench.RunAsync(Arguments.Parse(args[1..])),
    "stream-check" => await StreamCheckBench.RunAsync(Arguments.Parse(args[1..])),
    "tiles" => await TileBench.RunAsync(Arguments.Parse(args[1..])),
    "feed" => await FeedBench.RunAsync(Arguments.Parse(args[1..])),
    "feedback" => await FeedbackBench.RunAsync(Arguments.Parse(args[1..])),
    "load" => await LoadBench.RunAsync(Arguments.Parse(args[1..])),
    "soak" => await SoakBench.RunAsync(Arguments.Parse(args[1..])),
    "visitors" => await VisitorsBench.RunAsync(Arguments.Parse(args[1..])),
    "otlp-sink" => await OtlpSink.RunAsync(Arguments.Parse(args[1..])),
    "micro" => MicroBenchmarks.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Portal.Benchmarks ledger [--postgres CONNECTION] [--entries N] | append ... | micro");
    return 2;
}
