package dev.jconshgen.host;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MountInfoTest {
    static final String TABLE = String.join("\n",
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard",
            "40 27 0:50 / /tmp/a\\040b/merged rw,relatime shared:9 - overlay overlay rw,lowerdir=/tmp/a\\040b/lower,upperdir=/tmp/a\\040b/ovly/upper,workdir=/tmp/a\\040b/ovly/work",
            "41 27 0:51 / /proc rw - proc proc rw",
            "43 27 0:53 / /proc rw - proc proc rw,hidepid=2",
            "42 43 0:52 / /proc/sys/fs/binfmt_misc rw - binfmt_misc binfmt_misc rw",
            "");

    @Test
    void parsesFieldsAndUnescapesOctal() {
        MountInfo mounts = MountInfo.parse(TABLE);
        assertThat(mounts.mounts()).hasSize(5);
        MountInfo.Mount overlay = mounts.at("/tmp/a b/merged").orElseThrow();
        assertThat(overlay.fsType()).isEqualTo("overlay");
        assertThat(overlay.option("lowerdir")).contains("/tmp/a b/lower");
        assertThat(overlay.option("upperdir")).contains("/tmp/a b/ovly/upper");
        assertThat(overlay.option("nothing")).isEmpty();
    }

    @Test
    void theLastMountAtAPointIsTheVisibleOne() {
        assertThat(MountInfo.parse(TABLE).at("/proc").orElseThrow().superOptions()).isEqualTo("rw,hidepid=2");
    }

    @Test
    void containingPicksTheLongestMountPoint() {
        MountInfo mounts = MountInfo.parse(TABLE);
        assertThat(mounts.containing("/proc/sys/fs/binfmt_misc/status").orElseThrow().fsType()).isEqualTo("binfmt_misc");
        assertThat(mounts.containing("/procfoo").orElseThrow().fsType()).isEqualTo("ext4");
        assertThat(mounts.containing("/tmp/a b/merged/bin").orElseThrow().fsType()).isEqualTo("overlay");
    }

    @Test
    void belowListsMountsInsideADirectoryOnly() {
        MountInfo mounts = MountInfo.parse(TABLE);
        assertThat(mounts.below("/tmp/a b")).containsExactly("/tmp/a b/merged");
        assertThat(mounts.below("/tmp/a")).isEmpty();
    }

    @Test
    void aMountCoveredByALaterOneIsNotVisible() {
        MountInfo mounts = MountInfo.parse(TABLE + "50 27 0:60 / /proc rw - tmpfs tmpfs rw\n");
        assertThat(mounts.visible()).extracting(MountInfo.Mount::fsType).containsExactly("ext4", "overlay", "tmpfs");
        assertThat(mounts.containing("/proc/sys/fs/binfmt_misc/status").orElseThrow().fsType()).isEqualTo("tmpfs");
    }

    @Test
    void skipsMalformedLines() {
        assertThat(MountInfo.parse("garbage\n1 2 3\n").mounts()).isEmpty();
    }
}
