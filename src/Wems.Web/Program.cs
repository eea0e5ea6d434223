using Wems.Web.Analyses;
using Wems.Web.Auth;
using Wems.Web.Cases;
using Wems.Web.Cli;
using Wems.Web.Governance;
using Wems.Web.Health;
using Wems.Web.Import;
using Wems.Web.Infrastructure;
using Wems.Web.OgcFeatures;
using Wems.Web.Reports;
using Wems.Web.Trends;
using Wems.Web.Ui;

if (WemsCli.IsCommand(args))
{
    return await WemsCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args.SkipWhile(a => a == "serve").ToArray());
builder.AddWemsLogging();
builder.Services
    .AddWemsDatabase()
    .AddWemsProblems()
    .AddWemsAuth()
    .AddOgcFeatures()
    .AddCaseApi()
    .AddReports()
    .AddImports()
    .AddWemsTiles()
    .AddGovernance()
    .AddTrends()
    .AddAnalyses()
    .AddOpenApi(o => o.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0);

var app = builder.Build();
app.UseWemsProblems();
app.UseGovernance();
app.UseWemsAuth();
app.UseWemsUi();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapHealth();
app.MapAuth();
app.MapOgcFeatures();
app.MapCaseApi();
app.MapReports();
app.MapImports();
app.MapStyles();
app.MapTiles();
app.MapOgcTiles();
app.MapGovernance();
app.MapTrends();
app.MapAnalyses();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
