package dev.jconshgen.apply;

import dev.jconshgen.model.Layer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BusyboxLayerStepTest {

    @Test
    void theLowerArgumentIsTheSpecsLayersTopFirstWithTheCachedBusyboxLayer() {
        List<Layer> lowestFirst = List.of(new Layer.Busybox("lower"), new Layer.Directory("base"), new Layer.Directory("a b/site"));
        assertThat(BusyboxLayerStep.lowerArgument(lowestFirst, Path.of("/w/demo"), Path.of("/cache/busybox-x")))
                .isEqualTo("/w/demo/a b/site:/w/demo/base:/cache/busybox-x");
    }

    @Test
    void aBusyboxLayerAboveADirectoryKeepsItsPlace() {
        List<Layer> lowestFirst = List.of(new Layer.Directory("base"), new Layer.Busybox("lower"));
        assertThat(BusyboxLayerStep.lowerArgument(lowestFirst, Path.of("/w"), Path.of("/c/bb")))
                .isEqualTo("/c/bb:/w/base");
    }
}
