// The ceiling of the CPU run (benchmarks/ByeByeRobots.LoadTest/run-cpu.sh): the template's ASP.NET
// Core minimal API, on the same runtime, Kestrel settings and logging level as the service, so
// that the service's requests per CPU-second read as a share of what the runtime itself can do.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
app.MapGet("/hello", () => "Hello World!");
app.Run();
