package com.layers.telemetry.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The package graph README.md draws: a shared kernel ({@code common}, then {@code auth ratelimit messaging}, then
 * {@code event tenancy userdata}) that depends on no feature, and features ({@code ingest pipeline users rawevents
 * conversions admin projects relay attribution privacy cohorts}) that depend only on the kernel, never on each other. A new cycle or an upward
 * import fails here, and so does a package whose name another's begins with (event, events: rooms a reader confuses).
 */
@Tag("unit")
class ArchitectureTest {
    private static final String ROOT = "com.layers.telemetry";
    static final List<String> KERNEL =
            List.of("common", "auth", "ratelimit", "messaging", "event", "tenancy", "userdata");
    static final List<String> FEATURES = List.of(
            "ingest",
            "pipeline",
            "users",
            "rawevents",
            "conversions",
            "admin",
            "projects",
            "relay",
            "attribution",
            "privacy",
            "cohorts");
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyPackageIsTheKernelOrAFeatureAndNoNameBeginsAnother() {
        Set<String> actual = new TreeSet<>();
        classes.forEach(
                c -> actual.add(c.getPackageName().substring(ROOT.length() + 1).split("\\.")[0]));
        List<String> all = new ArrayList<>(KERNEL);
        all.addAll(FEATURES);
        Assertions.assertThat(actual).as("top-level packages").containsExactlyInAnyOrderElementsOf(all);
        for (String a : all) {
            for (String b : all) {
                Assertions.assertThat(!a.equals(b) && b.startsWith(a))
                        .as(a + " begins " + b)
                        .isFalse();
            }
        }
    }

    /**
     * The relay's platforms are plug-ins: a platform's name (in code: identifiers, strings, imports; comments aside)
     * appears only in its own folder {@code relay/<platform>/}, so adding one touches no other file.
     */
    @Test
    void onlyAPlatformsOwnFolderNamesIt() throws IOException {
        Path main = Path.of(System.getProperty("project.root", ".")).resolve("src/main/java/com/layers/telemetry");
        List<String> platforms;
        try (var dirs = Files.list(main.resolve("relay"))) {
            platforms = dirs.filter(Files::isDirectory)
                    .map(d -> d.getFileName().toString())
                    .filter(d -> !d.equals("platform"))
                    .sorted()
                    .toList();
        }
        Assertions.assertThat(platforms).contains("meta", "tiktok");
        Pattern named = Pattern.compile("(?<![A-Za-z])(?i:" + String.join("|", platforms) + ")(?![a-z])");
        List<String> found = new ArrayList<>();
        try (var files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = main.relativize(file).toString().replace('\\', '/');
                if (platforms.stream().anyMatch(pl -> relative.startsWith("relay/" + pl + "/"))) {
                    continue;
                }
                String code =
                        Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                Matcher m = named.matcher(code);
                while (m.find()) {
                    found.add(relative + ": "
                            + code.substring(Math.max(0, m.start() - 30), Math.min(code.length(), m.end() + 30))
                                    .strip());
                }
            }
        }
        Assertions.assertThat(found).isEmpty();
    }

    @Test
    void theKernelDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAnyPackage(packages(KERNEL.toArray(String[]::new)))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages(FEATURES.toArray(String[]::new)))
                .check(classes);
    }

    @Test
    void theKernelIsLayered() {
        noClasses()
                .that()
                .resideInAnyPackage(packages("common"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages("auth", "ratelimit", "messaging", "event", "tenancy", "userdata"))
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(packages("auth", "ratelimit", "messaging"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages("event", "tenancy", "userdata"))
                .check(classes);
    }

    static List<String> features() {
        return FEATURES;
    }

    @ParameterizedTest
    @MethodSource("features")
    void aFeatureDependsOnNoOtherFeature(String feature) {
        String[] others = FEATURES.stream().filter(f -> !f.equals(feature)).toArray(String[]::new);
        noClasses()
                .that()
                .resideInAnyPackage(packages(feature))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages(others))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void repositoriesSpeakDomainNotHttp() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Repository")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName(ROOT + ".common.ApiException")
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.ws.rs..")
                .check(classes);
    }

    @Test
    void onlyResourcesAndTheErrorMappersBuildHttpResponses() {
        noClasses()
                .that()
                .areNotAnnotatedWith(jakarta.ws.rs.Path.class)
                .and()
                .resideOutsideOfPackage(ROOT + ".common")
                .and()
                .haveSimpleNameNotEndingWith("FailureMappers")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("jakarta.ws.rs.core.Response")
                .check(classes);
    }

    /**
     * A response body is a record next to its resource (its own file, or the feature's {@code *Views} when it has
     * several), never a type nested in a repository: a reader looks for what an endpoint answers beside the endpoint.
     */
    @Test
    void responseBodiesAreNotDeclaredInRepositories() {
        List<String> misplaced = new ArrayList<>();
        classes.stream()
                .filter(c -> c.isAnnotatedWith(jakarta.ws.rs.Path.class))
                .forEach(resource -> {
                    for (Method m : resource.reflect().getDeclaredMethods()) {
                        if (Modifier.isPublic(m.getModifiers())) {
                            declaredIn(
                                    m.getGenericReturnType(), misplaced, resource.getSimpleName() + "." + m.getName());
                        }
                    }
                });
        Assertions.assertThat(misplaced).isEmpty();
    }

    private static void declaredIn(Type type, List<String> misplaced, String where) {
        if (type instanceof ParameterizedType p) {
            declaredIn(p.getRawType(), misplaced, where);
            for (Type argument : p.getActualTypeArguments()) {
                declaredIn(argument, misplaced, where);
            }
        } else if (type instanceof Class<?> c
                && c.getEnclosingClass() != null
                && c.getEnclosingClass().getSimpleName().endsWith("Repository")) {
            misplaced.add(where + " answers " + c.getName());
        }
    }

    private static String[] packages(String... names) {
        return Arrays.stream(names).map(n -> ROOT + "." + n + "..").toArray(String[]::new);
    }
}
