using Bunit;
using MudBlazor.Services;
using Portal.Web.Localization;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// A bUnit context set up as the portal's components expect: MudBlazor's services, the portal's localization,
/// and JS interop that answers calls nobody set up (a test that checks every call switches to strict).
/// </summary>
public abstract class PortalComponentContext : BunitContext
{
    protected PortalComponentContext()
    {
        Services.AddMudServices();
        Services.AddPortalLocalization();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }
}
