using Portal.Benchmarks;

// Commands:
//   ledger [--postgres CONNECTION] [--entries N]   ledger throughput, verification and proof figures
//   append --provider P --connection C --key FILE --origin O --count N [--batch B] [--writers W]
//                                                  a writer process, for multi-process tests and benchmarks
//   flows [--flows N] [--workers W]                 full fund flows per second through the service layer
//   micro [BenchmarkDotNet args]                  BenchmarkDotNet micro-benchmarks of hashing and tree math
return args.FirstOrDefault() switch
{
    "ledger" => await LedgerBench.RunAsync(Arguments.Parse(args[1..])),
    "append" => await AppendWorker.RunAsync(Arguments.Parse(args[1..])),
    "flows" => await FlowBench.RunAsync(Arguments.Parse(args[1..])),
    "micro" => MicroBenchmarks.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Portal.Benchmarks ledger [--postgres CONNECTION] [--entries N] | append ... | micro");
    return 2;
}
