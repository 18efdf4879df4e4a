using Bunit;
using Microsoft.JSInterop;
using Portal.Web.Components.Charts;
using Portal.Web.Localization;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Components;

/// <summary>The typed Chart.js component: what it asks of the browser, and what it does when drawing fails.</summary>
public sealed class ChartJsTests : PortalComponentContext
{
    private static readonly ChartJsData Pipeline = new(["Requested", "Approved"], [new ChartJsSeries("CNY", [100m, 80.5m])]);

    public ChartJsTests()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Without_a_circuit_the_canvas_carries_the_chart_for_the_page_script_and_nothing_is_asked_of_the_browser()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));
        var chart = Render<ChartJs>(p => p
            .Add(c => c.Kind, ChartJsKind.Doughnut)
            .Add(c => c.Data, Pipeline)
            .Add(c => c.Options, new ChartJsOptions(Currency: "CNY", Locale: "zh-CN"))
            .Add(c => c.Id, "programs")
            .Add(c => c.AriaLabel, "Pipeline"));

        var canvas = chart.Find("canvas[data-chart]");
        Assert.Equal("programs", canvas.GetAttribute("data-chart-id"));
        using var carried = System.Text.Json.JsonDocument.Parse(canvas.GetAttribute("data-chart")!);
        Assert.Equal("doughnut", carried.RootElement.GetProperty("kind").GetString());
        Assert.Equal(80.5m, carried.RootElement.GetProperty("data").GetProperty("datasets")[0].GetProperty("data")[1].GetDecimal());
        Assert.Equal(("CNY", "zh-CN"), (carried.RootElement.GetProperty("options").GetProperty("currency").GetString(), carried.RootElement.GetProperty("options").GetProperty("locale").GetString()));
        Assert.True(chart.Find("[data-chart-failed]").HasAttribute("hidden"));
        Assert.Empty(JSInterop.Invocations);
    }

    [Fact]
    public void First_render_imports_the_module_and_creates_the_chart_with_the_data()
    {
        var module = JSInterop.SetupModule(ChartJs.ModulePath);
        var chart = Render<ChartJs>(p => p
            .Add(c => c.Kind, ChartJsKind.Bar)
            .Add(c => c.Data, Pipeline)
            .Add(c => c.Options, new ChartJsOptions(Currency: "CNY"))
            .Add(c => c.AriaLabel, "Pipeline"));

        Assert.Equal("Pipeline", chart.Find("div.chart-box").GetAttribute("aria-label"));
        Assert.NotNull(chart.Find("canvas"));
        var create = Assert.Single(module.Invocations, i => i.Identifier == "createChart");
        Assert.Equal("bar", create.Arguments[1]);
        Assert.Same(Pipeline, create.Arguments[2]);
        Assert.Equal("CNY", ((ChartJsOptions)create.Arguments[3]!).Currency);
    }

    [Fact]
    public void New_data_updates_the_chart_in_place()
    {
        var module = JSInterop.SetupModule(ChartJs.ModulePath);
        var chart = Render<ChartJs>(p => p
            .Add(c => c.Kind, ChartJsKind.Line)
            .Add(c => c.Data, Pipeline)
            .Add(c => c.AriaLabel, "Trend"));
        var next = Pipeline with { Labels = ["Requested", "Approved", "Disbursed"] };
        chart.Render(p => p.Add(c => c.Data, next));

        Assert.Single(module.Invocations, i => i.Identifier == "createChart");
        var update = Assert.Single(module.Invocations, i => i.Identifier == "updateChart");
        Assert.Equal("line", update.Arguments[1]);
        Assert.Same(next, update.Arguments[2]);
    }

    [Fact]
    public void A_chart_that_fails_to_draw_says_so_instead_of_breaking_the_page()
    {
        var module = JSInterop.SetupModule(ChartJs.ModulePath);
        module.SetupVoid("updateChart", _ => true).SetException(new JSException("Chart.js is not loaded."));
        var chart = Render<ChartJs>(p => p
            .Add(c => c.Kind, ChartJsKind.Doughnut)
            .Add(c => c.Data, Pipeline)
            .Add(c => c.AriaLabel, "Programs"));
        Assert.DoesNotContain("could not be drawn", chart.Markup, StringComparison.Ordinal);
        chart.Render(p => p.Add(c => c.Data, Pipeline with { Labels = ["Other"] }));
        chart.WaitForAssertion(() => Assert.Contains("could not be drawn", chart.Markup, StringComparison.Ordinal));
    }
}
