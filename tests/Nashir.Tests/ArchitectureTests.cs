using NetArchTest.Rules;
using Xunit;

namespace Nashir.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void Platform_code_does_not_depend_on_features()
    {
        // Platform.Data is the one exception: the DbContext maps the features' entities.
        var result = Types.InAssembly(typeof(Program).Assembly)
            .That().ResideInNamespace("Nashir.Web.Platform")
            .And().DoNotResideInNamespace("Nashir.Web.Platform.Data")
            .ShouldNot().HaveDependencyOn("Nashir.Web.Features")
            .GetResult();

        Assert.True(result.IsSuccessful, "Platform types depending on Features: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Features_do_not_depend_on_pages()
    {
        var result = Types.InAssembly(typeof(Program).Assembly)
            .That().ResideInNamespace("Nashir.Web.Features")
            .ShouldNot().HaveDependencyOnAny("Nashir.Web.Pages", "Nashir.Web.Areas")
            .GetResult();

        Assert.True(result.IsSuccessful, "Features depending on screens: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
