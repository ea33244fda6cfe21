export interface Container {
  name: string;
  image?: string;
}

/** Upstream's `layoutContainerCells`: the CONTAINERS and IMAGES cells of a pod template. */
export function containerCells(containers: Container[] | undefined): [names: string, images: string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}
