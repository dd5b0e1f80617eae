#!/bin/sh
# Step 1: the backing Ceph RBD images, made before anything in Kubernetes (one per pod of the set).
# "layering" only: the features the kernel RBD client (used by ceph-csi) can map.
rbd create rbd/db-mysql-fixed-0 --size 1024 --image-feature layering
rbd create rbd/db-mysql-fixed-1 --size 1024 --image-feature layering
